package dev.passgate.login;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The transition table: the login can only move forward, and never skips the second factor. */
class LoginFlowTest {

    @Test
    void transitionsWhenPasswordVerifiedThenOnlyThroughTheSecondFactorToAnOffer() {
        assertTrue(LoginFlow.allowed(LoginState.PASSWORD, LoginState.ONE_TIME_CODE));
        assertFalse(LoginFlow.allowed(LoginState.PASSWORD, LoginState.OFFER_PASSKEY), "a password alone never binds a passkey");
        assertTrue(LoginFlow.allowed(LoginState.ONE_TIME_CODE, LoginState.OFFER_PASSKEY));
    }

    @Test
    void transitionsWhenDoneThenNothingMoreAndNoWayBack() {
        for (LoginState s : LoginState.values()) {
            assertFalse(LoginFlow.allowed(LoginState.DONE, s));
        }
        assertFalse(LoginFlow.allowed(LoginState.PASSWORD, LoginState.PASSKEY));
        assertFalse(LoginFlow.allowed(LoginState.OFFER_PASSKEY, LoginState.PASSWORD));
        assertTrue(LoginFlow.allowed(LoginState.IDENTIFY, LoginState.DONE), "autofill passkey sign-in");
        assertTrue(LoginFlow.allowed(LoginState.PASSKEY, LoginState.PASSWORD), "fallback");
    }
}
