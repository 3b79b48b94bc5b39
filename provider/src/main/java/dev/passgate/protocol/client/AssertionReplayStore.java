package dev.passgate.protocol.client;

import java.time.Instant;

/** The ids of client assertions already used (RFC 7523 §3: a {@code jti} may be used once). */
public interface AssertionReplayStore {

    /**
     * Remembers a client assertion id until it expires.
     *
     * @return false when it was seen before: a replay
     */
    boolean rememberAssertion(String jtiKey, Instant expiresAt);
}
