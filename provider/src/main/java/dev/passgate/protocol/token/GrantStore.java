package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Optional;

/** Grants and the authorization codes that redeem them; codes are found by SHA-256 only. Tokens are {@link TokenStore}. */
public interface GrantStore {

    /** Stores a new grant and the code that redeems it, in one transaction. */
    void saveGrantWithCode(Grant grant, IssuedCode code);

    Optional<Grant> findGrant(String grantId);

    /**
     * Marks the code used, under a row lock so that two nodes racing on one code cannot both win.
     * Only {@code clientId}'s own code is marked: another client presenting a stolen code must not
     * burn it (and so revoke the rightful client's grant).
     *
     * @return the code as it was before this call: {@code usedAt} present means it had been redeemed already
     */
    Optional<IssuedCode> redeemCode(String codeHash, String clientId, Instant now);

    /**
     * Revokes the grant and every access token issued from it; its refresh tokens die with it.
     *
     * @return the grant, when this call ended it (empty: unknown, or revoked already): what the trail records, once
     */
    Optional<Grant> revokeGrant(String grantId, Instant now);

    /**
     * Revokes every grant of the account, {@code offline_access} ones included, and their access
     * tokens: what a new password, a deactivation or an administrator's reset means.
     */
    void revokeForUser(String userId, Instant now);

    int purge(Instant now);
}
