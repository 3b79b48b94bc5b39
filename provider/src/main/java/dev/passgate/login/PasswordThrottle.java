package dev.passgate.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.passgate.security.Secrets;

/**
 * Slows password guessing (NIST SP 800-63B §5.2.2): after a number of wrong passwords for one
 * account, or from one client address, each further try must wait, the wait doubling from 2 s up
 * to 15 minutes. A lock is temporary and lifts by itself; at most ~100 guesses a day fit, within
 * NIST's ceiling of 100 consecutive failures. Passkey failures never count here.
 */
public final class PasswordThrottle {
    static final Duration FIRST_DELAY = Duration.ofSeconds(2);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    /** Failures and lock for one key (an account or an address); the store keys by SHA-256. */
    public record State(int failures, Optional<Instant> lockedUntil) {
        public static final State CLEAN = new State(0, Optional.empty());
    }

    /** Storage for throttle state. No method returns null. */
    public interface Store {
        State get(String keyHash);

        void save(String keyHash, State state, Instant now);

        void reset(String keyHash);
    }

    private final Store store;
    private final LoginSettings settings;
    private final Clock clock;

    public PasswordThrottle(Store store, LoginSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** When the next try is allowed, if not now. */
    public Optional<Instant> lockedUntil(Optional<String> userId, String address) {
        Instant now = clock.instant();
        return max(lock(accountKey(userId), now), lock(addressKey(address), now));
    }

    public void failure(Optional<String> userId, String address) {
        userId.ifPresent(id -> bump(accountKey(userId), settings.accountFailuresBeforeDelay()));
        bump(addressKey(address), settings.addressFailuresBeforeDelay());
    }

    /** A correct password clears the account's count (the address keeps its own). */
    public void success(Optional<String> userId) {
        userId.ifPresent(id -> store.reset(accountKey(userId)));
    }

    private void bump(String key, int freeFailures) {
        Instant now = clock.instant();
        State s = store.get(key);
        int failures = s.failures() + 1;
        Optional<Instant> lock = Optional.empty();
        if (failures >= freeFailures) {
            int over = Math.min(failures - freeFailures, 20);
            Duration delay = FIRST_DELAY.multipliedBy(1L << over);
            lock = Optional.of(now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay));
        }
        store.save(key, new State(failures, lock), now);
    }

    private Optional<Instant> lock(String key, Instant now) {
        return key == null ? Optional.empty() : store.get(key).lockedUntil().filter(now::isBefore);
    }

    private static String accountKey(Optional<String> userId) {
        return userId.map(id -> Secrets.sha256("account:" + id)).orElse(null);
    }

    private static String addressKey(String address) {
        return Secrets.sha256("address:" + (address == null ? "" : address));
    }

    private static Optional<Instant> max(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().isAfter(b.get()) ? a : b;
    }
}
