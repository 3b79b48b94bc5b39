package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One authorization: what a user (or, for client_credentials, the client itself) allowed a
 * client. Every code, refresh token and access token issued from it points back here, so
 * revoking the grant revokes them all (RFC 9700 §4.14: a replayed code, a reused refresh token).
 *
 * @param userId empty for client_credentials
 * @param sid    the single sign-on session it came from, if any
 */
public record Grant(String id, String clientId, Optional<String> userId, String scope, Optional<String> sid,
                    Instant authTime, List<String> amr, String acr, Instant createdAt, Instant expiresAt,
                    Optional<Instant> revokedAt) {
    public Grant {
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    public boolean isUsableAt(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
