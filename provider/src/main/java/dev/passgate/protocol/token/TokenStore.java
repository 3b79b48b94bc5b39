package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Optional;

/**
 * Refresh and access tokens issued from grants. Refresh tokens are found by SHA-256 only; an
 * access token's record (by {@code jti}) makes its revocation immediate.
 */
public interface TokenStore {

    /** Same contract as {@link GrantStore#redeemCode}: rotation marks the old refresh token used. */
    Optional<IssuedRefreshToken> redeemRefreshToken(String tokenHash, String clientId, Instant now);

    Optional<IssuedRefreshToken> findRefreshToken(String tokenHash);

    void saveTokens(IssuedAccessToken accessToken, Optional<IssuedRefreshToken> refreshToken);

    Optional<IssuedAccessToken> findAccessToken(String jti);

    /** @return whether this call ended it (false: unknown, or revoked already) */
    boolean revokeAccessToken(String jti, Instant now);
}
