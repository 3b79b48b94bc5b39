package dev.passgate.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

class PasswordThrottleTest {
    final Map<String, PasswordThrottle.State> states = new HashMap<>();
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    /** The port's contract in memory; JpaLoginStoresTest covers the database one. */
    final PasswordThrottle.Store store = new PasswordThrottle.Store() {
        @Override public PasswordThrottle.State get(String k) { return states.getOrDefault(k, PasswordThrottle.State.CLEAN); }
        @Override public boolean attempt(String k, Instant at, IntFunction<Optional<Instant>> lockFor) {
            PasswordThrottle.State s = get(k);
            if (s.lockedUntil().filter(at::isBefore).isPresent()) {
                return false;
            }
            states.put(k, new PasswordThrottle.State(s.failures() + 1, lockFor.apply(s.failures() + 1)));
            return true;
        }
        @Override public void forgive(String k) {
            PasswordThrottle.State s = get(k);
            states.put(k, new PasswordThrottle.State(Math.max(0, s.failures() - 1), s.lockedUntil()));
        }
        @Override public void reset(String k) { states.remove(k); }
        @Override public int purge(Instant before, Instant at) { return 0; }
    };
    final LoginSettings settings = new LoginSettings(2, Duration.ofSeconds(60), true, 10, Duration.ofDays(7), 5, 5, 20);
    final PasswordThrottle throttle = new PasswordThrottle(store, settings, clock);

    @Test
    void attemptWhenBelowThresholdThenAllowedAndAtThresholdThenDoublingDelay() {
        for (int i = 0; i < 4; i++) {
            assertTrue(throttle.attempt("alice", "10.0.0.1"));
        }
        assertTrue(throttle.lockedUntil("alice", "10.0.0.1").isEmpty());
        assertTrue(throttle.attempt("alice", "10.0.0.1"));
        assertEquals(Optional.of(now.plusSeconds(2)), throttle.lockedUntil("alice", "10.0.0.1"));
        assertFalse(throttle.attempt("alice", "10.0.0.1"), "locked: refused before any password check");
        now = now.plusSeconds(2);
        assertTrue(throttle.attempt("alice", "10.0.0.1"));
        assertEquals(Optional.of(now.plusSeconds(4)), throttle.lockedUntil("alice", "10.0.0.1"), "the wait doubles");
    }

    @Test
    void attemptWhenManyThenDelayCappedAtFifteenMinutes() {
        for (int i = 0; i < 40; i++) {
            throttle.attempt("alice", "10.0.0." + i);
            now = now.plus(Duration.ofMinutes(16));
        }
        now = now.minus(Duration.ofMinutes(16));
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(15))), throttle.lockedUntil("alice", "10.9.9.9"));
    }

    @Test
    void successWhenPasswordRightThenIdentifierClearedAndAddressForgiven() {
        for (int i = 0; i < 4; i++) {
            throttle.attempt("alice", "10.0.0.1");
        }
        throttle.success("alice", "10.0.0.1");
        assertTrue(throttle.attempt("alice", "10.0.0.1"));
        assertTrue(throttle.lockedUntil("alice", "10.0.0.1").isEmpty());
    }

    @Test
    void attemptWhenUnknownOrKnownIdentifierThenLockedAlikeAndCaseDoesNotMatter() {
        for (int i = 0; i < 5; i++) {
            throttle.attempt(PasswordThrottle.account(Optional.empty(), i % 2 == 0 ? "Nobody@Example.com" : "nobody@example.com "),
                    "10.0.0." + i);
        }
        assertFalse(throttle.attempt(PasswordThrottle.account(Optional.empty(), "nobody@example.com"), "10.0.0.9"),
                "a lock never tells whether the account exists");
    }

    @Test
    void attemptWhenUsernameAndEmailOfOneAccountThenOneCount() {
        for (int i = 0; i < 5; i++) {
            // The login resolved either identifier to account u-1: the typed text no longer matters.
            throttle.attempt(PasswordThrottle.account(Optional.of("u-1"), i % 2 == 0 ? "alice" : "alice@example.com"), "10.0.0." + i);
        }
        assertFalse(throttle.attempt(PasswordThrottle.account(Optional.of("u-1"), "ALICE"), "10.0.0.9"),
                "five wrong passwords split over username and email are five for the account");
        assertTrue(throttle.attempt(PasswordThrottle.account(Optional.of("u-2"), "alice"), "10.0.0.9"),
                "another account is not slowed by the text typed");
    }

    @Test
    void thousandWrongPasswordsFromOneAddressThenAUserElsewhereUnaffected() {
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            if (!throttle.attempt(PasswordThrottle.account(Optional.empty(), "random-" + i), "203.0.113.66")) {
                refused++;
            }
            now = now.plusMillis(500);
        }
        assertTrue(refused > 900, "the guessing address is slowed down: " + refused + " of 1000 refused");
        String victim = PasswordThrottle.account(Optional.of("victim"), "victim");
        assertTrue(throttle.attempt(victim, "198.51.100.20"), "the user at another address signs in as usual");
        throttle.success(victim, "198.51.100.20");
        assertTrue(throttle.lockedUntil(victim, "198.51.100.20").isEmpty());
    }

    @Test
    void attemptWhenSprayedOverAccountsFromOneAddressThenAddressThrottled() {
        for (int i = 0; i < 20; i++) {
            throttle.attempt("user" + i, "10.6.6.6");
        }
        assertFalse(throttle.attempt("fresh", "10.6.6.6"));
        assertTrue(throttle.attempt("fresh", "10.0.0.1"), "the refused try was not counted against fresh");
    }
}
