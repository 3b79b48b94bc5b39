package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Optional;

/** An authorization code as stored: its SHA-256, never the code. Single use, bound to client and redirect URI. */
public record IssuedCode(String codeHash, String grantId, String clientId, String redirectUri,
                         Optional<String> codeChallenge, Optional<String> codeChallengeMethod, Optional<String> nonce,
                         Instant expiresAt, Optional<Instant> usedAt) {
}
