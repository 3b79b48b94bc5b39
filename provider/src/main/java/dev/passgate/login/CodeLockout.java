package dev.passgate.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.passgate.security.Secrets;

/**
 * NIST SP 800-63B §5.2.2 for one-time codes: at most {@link #MAX_CONSECUTIVE_FAILURES} wrong codes
 * in a row per account, across all its logins; then no code is sent to it for
 * {@link #LOCK} (or until support lifts the lock). A right code clears the count. Each code
 * already allows only a few tries and the hourly send cap bounds the codes; this bounds the sum
 * over days for someone who holds the password.
 */
public final class CodeLockout {
    public static final int MAX_CONSECUTIVE_FAILURES = 100;
    public static final Duration LOCK = Duration.ofHours(24);

    private final PasswordThrottle.Store store;
    private final Clock clock;
    private final String scope;

    /** The sign-in's count: wrong codes at login (and support resets) run here. */
    public CodeLockout(PasswordThrottle.Store store, Clock clock) {
        this(store, clock, "otp-account:");
    }

    private CodeLockout(PasswordThrottle.Store store, Clock clock, String scope) {
        this.store = store;
        this.clock = clock;
        this.scope = scope;
    }

    /**
     * Account recovery's own count. Anyone who knows an identifier can start a recovery and type wrong codes:
     * sharing the sign-in's count would let them stop the holder's login codes for a day.
     */
    public static CodeLockout forRecovery(PasswordThrottle.Store store, Clock clock) {
        return new CodeLockout(store, clock, "recovery-account:");
    }

    public boolean locked(String userId) {
        return store.get(key(userId)).lockedUntil().filter(clock.instant()::isBefore).isPresent();
    }

    /** One more wrong code for the account; the hundredth in a row locks it. A lifted lock starts a new run. */
    public void failed(String userId) {
        Instant now = clock.instant();
        String key = key(userId);
        if (store.get(key).lockedUntil().filter(until -> !now.isBefore(until)).isPresent()) {
            store.reset(key);
        }
        store.attempt(key, now, n -> n >= MAX_CONSECUTIVE_FAILURES ? Optional.of(now.plus(LOCK)) : Optional.empty());
    }

    /** A right code ends the run of failures; also what a support reset calls. */
    public void clear(String userId) {
        store.reset(key(userId));
    }

    private String key(String userId) {
        return Secrets.sha256(scope + userId);
    }
}
