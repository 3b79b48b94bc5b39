package dev.passgate.filter;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers token identifiers ({@code jti}) until their token expires, so a captured logout
 * token cannot be played again (OIDC Back-Channel Logout 1.0 §2.6 makes this check optional;
 * we make it). Bounded: expired entries are swept regularly, and a cache full of live entries
 * refuses new tokens rather than forgetting unexpired ones.
 */
final class JtiReplayCache {

    static final int MAX_ENTRIES = 100_000;

    private static final int SWEEP_EVERY = 1024;

    private final ConcurrentHashMap<String, Instant> keepUntil = new ConcurrentHashMap<>();
    private final AtomicInteger uses = new AtomicInteger();

    /**
     * True the first time a jti is seen within its lifetime, false on a replay or when the
     * cache is full of live entries.
     */
    boolean firstUse(String jti, Instant expiresAt, Instant now) {
        if (uses.incrementAndGet() % SWEEP_EVERY == 0 || keepUntil.size() >= MAX_ENTRIES) {
            keepUntil.values().removeIf(until -> until.isBefore(now));
            if (keepUntil.size() >= MAX_ENTRIES) {
                return false;
            }
        }
        Instant previous = keepUntil.putIfAbsent(jti, expiresAt);
        if (previous == null) {
            return true;
        }
        // A stale entry for an expired token: the token presented now is a new one.
        return previous.isBefore(now) && keepUntil.replace(jti, previous, expiresAt);
    }

    int size() {
        return keepUntil.size();
    }
}
