package dev.passgate.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PasswordThrottleTest {
    final Map<String, PasswordThrottle.State> states = new HashMap<>();
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    final PasswordThrottle.Store store = new PasswordThrottle.Store() {
        @Override public PasswordThrottle.State get(String k) { return states.getOrDefault(k, PasswordThrottle.State.CLEAN); }
        @Override public void save(String k, PasswordThrottle.State s, Instant at) { states.put(k, s); }
        @Override public void reset(String k) { states.remove(k); }
    };
    final LoginSettings settings = new LoginSettings(2, Duration.ofSeconds(60), true, 10, Duration.ofDays(7), 5, 5, 20);
    final PasswordThrottle throttle = new PasswordThrottle(store, settings, clock);
    final Optional<String> alice = Optional.of("alice");

    @Test
    void failureWhenBelowThresholdThenNoWaitAndAtThresholdThenDoublingDelay() {
        for (int i = 0; i < 4; i++) {
            throttle.failure(alice, "10.0.0.1");
        }
        assertTrue(throttle.lockedUntil(alice, "10.0.0.1").isEmpty());
        throttle.failure(alice, "10.0.0.1");
        assertEquals(Optional.of(now.plusSeconds(2)), throttle.lockedUntil(alice, "10.0.0.1"));
        throttle.failure(alice, "10.0.0.1");
        assertEquals(Optional.of(now.plusSeconds(4)), throttle.lockedUntil(alice, "10.0.0.1"));
        now = now.plusSeconds(5);
        assertTrue(throttle.lockedUntil(alice, "10.0.0.1").isEmpty(), "the lock lifts by itself");
    }

    @Test
    void failureWhenManyThenDelayCappedAtFifteenMinutes() {
        for (int i = 0; i < 40; i++) {
            throttle.failure(alice, "10.0.0.1");
        }
        assertEquals(Optional.of(now.plus(Duration.ofMinutes(15))), throttle.lockedUntil(alice, "10.0.0.2"));
    }

    @Test
    void successWhenPasswordRightThenAccountCountCleared() {
        for (int i = 0; i < 6; i++) {
            throttle.failure(alice, "10.0.0.1");
        }
        throttle.success(alice);
        assertTrue(throttle.lockedUntil(alice, "10.0.0.9").isEmpty());
    }

    @Test
    void failureWhenSprayedOverAccountsFromOneAddressThenAddressThrottled() {
        for (int i = 0; i < 20; i++) {
            throttle.failure(Optional.of("user" + i), "10.6.6.6");
        }
        assertTrue(throttle.lockedUntil(Optional.of("fresh"), "10.6.6.6").isPresent());
        assertTrue(throttle.lockedUntil(Optional.of("fresh"), "10.0.0.1").isEmpty());
    }
}
