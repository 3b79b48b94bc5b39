package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Optional;

/** The revocable record behind a JWT access token, found by its {@code jti}. */
public record IssuedAccessToken(String jti, Optional<String> grantId, String clientId, String subject, String scope,
                                Instant expiresAt, Optional<Instant> revokedAt) {
}
