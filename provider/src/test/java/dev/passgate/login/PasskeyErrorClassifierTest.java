package dev.passgate.login;

import static dev.passgate.login.PasskeyErrorClassifier.Ceremony.AUTHENTICATION;
import static dev.passgate.login.PasskeyErrorClassifier.Ceremony.REGISTRATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** Each DOMException name × timing bucket, for both ceremonies. */
class PasskeyErrorClassifierTest {
    final PasskeyErrorClassifier classifier = new PasskeyErrorClassifier();
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final Duration IMMEDIATE = Duration.ofMillis(40);
    static final Duration HUMAN = Duration.ofSeconds(6);
    static final Duration AT_TIMEOUT = Duration.ofMillis(59_500);

    private LoginError auth(String name, Duration elapsed, boolean usedHere) {
        return classifier.classify(AUTHENTICATION, name, elapsed, TIMEOUT, usedHere);
    }

    private LoginError reg(String name, Duration elapsed) {
        return classifier.classify(REGISTRATION, name, elapsed, TIMEOUT, false);
    }

    @Test
    void authenticationNotAllowedWhenImmediateThenNoPasskeyHereOrBiometricIfUsedHereBefore() {
        assertEquals(LoginError.NO_PASSKEY_ON_DEVICE, auth("NotAllowedError", IMMEDIATE, false));
        assertEquals(LoginError.BIOMETRIC_NOT_VERIFIED, auth("NotAllowedError", IMMEDIATE, true));
    }

    @Test
    void authenticationNotAllowedWhenHumanScaleThenCancelledAndAtTimeoutThenTimedOut() {
        assertEquals(LoginError.PASSKEY_NOT_FOUND_OR_CANCELLED, auth("NotAllowedError", HUMAN, false));
        assertEquals(LoginError.PASSKEY_NOT_FOUND_OR_CANCELLED, auth("NotAllowedError", HUMAN, true));
        assertEquals(LoginError.PASSKEY_TIMED_OUT, auth("NotAllowedError", AT_TIMEOUT, false));
        assertEquals(LoginError.PASSKEY_TIMED_OUT, auth("NotAllowedError", Duration.ofSeconds(90), true));
    }

    @Test
    void authenticationOtherNamesThenTheirOwnErrors() {
        for (Duration d : new Duration[] {IMMEDIATE, HUMAN, AT_TIMEOUT}) {
            assertEquals(LoginError.PASSKEY_NOT_FOUND_OR_CANCELLED, auth("AbortError", d, false));
            assertEquals(LoginError.PASSKEY_UNAVAILABLE, auth("SecurityError", d, false));
            assertEquals(LoginError.NOT_SUPPORTED, auth("NotSupportedError", d, false));
            assertEquals(LoginError.NO_COMPATIBLE_DEVICE, auth("InvalidStateError", d, false));
            assertEquals(LoginError.VERIFICATION_NOT_COMPLETED, auth("UnknownError", d, false));
            assertEquals(LoginError.VERIFICATION_NOT_COMPLETED, auth(null, d, false));
        }
    }

    @Test
    void registrationByNameAndTimingThenCatalogueError() {
        assertEquals(LoginError.NO_COMPATIBLE_DEVICE, reg("NotAllowedError", IMMEDIATE));
        assertEquals(LoginError.SETUP_CANCELLED, reg("NotAllowedError", HUMAN));
        assertEquals(LoginError.SETUP_TIMED_OUT, reg("NotAllowedError", AT_TIMEOUT));
        assertEquals(LoginError.ALREADY_REGISTERED, reg("InvalidStateError", IMMEDIATE));
        assertEquals(LoginError.SETUP_CANCELLED, reg("AbortError", HUMAN));
        assertEquals(LoginError.SETUP_UNAVAILABLE, reg("SecurityError", IMMEDIATE));
        assertEquals(LoginError.NOT_SUPPORTED, reg("NotSupportedError", IMMEDIATE));
        assertEquals(LoginError.REGISTRATION_FAILED, reg("TypeError", HUMAN));
    }

    @Test
    void catalogueWhenAnyErrorThenMessageSaysWhatHappenedAndOffersAWayForward() {
        for (LoginError e : LoginError.values()) {
            assertFalse(e.title(Locale.ENGLISH).isBlank(), e::code);
            assertTrue(e.message(Locale.ENGLISH).length() > 30, e::code);
            assertFalse(e.actions().isEmpty(), e::code);
            assertEquals(e, LoginError.byCode(e.code()).orElseThrow());
        }
        assertFalse(LoginError.SETUP_CANCELLED.countsTowardFallback(), "registration errors never push to the password");
        assertTrue(LoginError.NO_PASSKEY_ON_DEVICE.countsTowardFallback());
    }
}
