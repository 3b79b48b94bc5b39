package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Optional;

/** A refresh token as stored: its SHA-256. {@code usedAt} is set when it is rotated out. */
public record IssuedRefreshToken(String tokenHash, String grantId, String clientId, String scope, Instant createdAt,
                                 Instant expiresAt, Optional<Instant> usedAt) {
}
