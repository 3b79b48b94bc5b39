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

        /**
         * Atomically (under a row lock): unless locked at {@code now}, counts one more attempt and
         * stores the lock {@code lockFor} computes from the new count.
         *
         * @return false when the key was locked: the attempt is refused and not counted
         */
        boolean attempt(String keyHash, Instant now, java.util.function.IntFunction<Optional<Instant>> lockFor);

        /** Takes back one counted attempt (it turned out to be a correct password). */
        void forgive(String keyHash);

        void reset(String keyHash);

        /** Forgets keys untouched since {@code before} whose lock has lifted. */
        int purge(Instant before, Instant now);
    }

    /** Counts older than a day no longer slow anyone down: their rows are removed by the periodic purge. */
    public int purge() {
        Instant now = clock.instant();
        return store.purge(now.minus(Duration.ofDays(1)), now);
    }

    private final Store store;
    private final LoginSettings settings;
    private final Clock clock;

    public PasswordThrottle(Store store, LoginSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Counts this try before the (slow) password check, so parallel guesses cannot all slip past
     * one reading of the count. Keyed by the account the identifier resolved to, so its username
     * and email share one count; an identifier that names no account is counted as typed
     * (normalised), so unknown names are slowed down just the same.
     *
     * @param account the resolved account's id, or the typed identifier when none: see {@link #account}
     * @return false when the account or the address is locked: refuse without checking the password
     */
    public boolean attempt(String account, String address) {
        Instant now = clock.instant();
        if (!store.attempt(accountKey(account), now, n -> lockAfter(n, settings.accountFailuresBeforeDelay(), now))) {
            return false;
        }
        if (!store.attempt(addressKey(address), now, n -> lockAfter(n, settings.addressFailuresBeforeDelay(), now))) {
            store.forgive(accountKey(account));
            return false;
        }
        return true;
    }

    /** A correct password: the account's count is cleared and the address's try taken back. */
    public void success(String account, String address) {
        store.reset(accountKey(account));
        store.forgive(addressKey(address));
    }

    /** When the account's next password try is allowed, if not now (what support sees). */
    public Optional<Instant> accountLockedUntil(String account) {
        return lock(accountKey(account), clock.instant());
    }

    /** Support lifts the account's slow-down (not an address's: that protects everyone else). */
    public void unlockAccount(String account) {
        store.reset(accountKey(account));
    }

    /** When the next try is allowed, if not now. */
    public Optional<Instant> lockedUntil(String account, String address) {
        Instant now = clock.instant();
        return max(lock(accountKey(account), now), lock(addressKey(address), now));
    }

    public static Optional<Instant> lockAfter(int failures, int freeFailures, Instant now) {
        if (failures < freeFailures) {
            return Optional.empty();
        }
        int over = Math.min(failures - freeFailures, 20);
        Duration delay = FIRST_DELAY.multipliedBy(1L << over);
        return Optional.of(now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay));
    }

    private Optional<Instant> lock(String key, Instant now) {
        return store.get(key).lockedUntil().filter(now::isBefore);
    }

    /** What the account count is kept under: the account when the identifier found one, else the text typed. */
    public static String account(Optional<String> userId, String identifier) {
        return userId.map(id -> "user:" + id)
                .orElseGet(() -> "typed:" + (identifier == null ? "" : identifier.trim().toLowerCase(java.util.Locale.ROOT)));
    }

    private static String accountKey(String account) {
        return Secrets.sha256("account:" + (account == null ? "" : account));
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
