package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Optional;

/** Grants and everything issued from them. Codes and refresh tokens are found by SHA-256 only. */
public interface GrantStore {

    /** Stores a new grant and the code that redeems it, in one transaction. */
    void saveGrantWithCode(Grant grant, IssuedCode code);

    void saveGrant(Grant grant);

    Optional<Grant> findGrant(String grantId);

    /**
     * Marks the code used, under a row lock so that two nodes racing on one code cannot both win.
     * Only {@code clientId}'s own code is marked: another client presenting a stolen code must not
     * burn it (and so revoke the rightful client's grant).
     *
     * @return the code as it was before this call: {@code usedAt} present means it had been redeemed already
     */
    Optional<IssuedCode> redeemCode(String codeHash, String clientId, Instant now);

    /** Same contract as {@link #redeemCode}: rotation marks the old refresh token used. */
    Optional<IssuedRefreshToken> redeemRefreshToken(String tokenHash, String clientId, Instant now);

    Optional<IssuedRefreshToken> findRefreshToken(String tokenHash);

    /** Revokes the grant and every access token issued from it; its refresh tokens die with it. */
    void revokeGrant(String grantId, Instant now);

    void saveTokens(IssuedAccessToken accessToken, Optional<IssuedRefreshToken> refreshToken);

    Optional<IssuedAccessToken> findAccessToken(String jti);

    /** @return false when no such token exists */
    boolean revokeAccessToken(String jti, Instant now);

    int purge(Instant now);
}
