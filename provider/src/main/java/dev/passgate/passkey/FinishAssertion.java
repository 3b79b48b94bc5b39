package dev.passgate.passkey;

import java.util.Objects;
import java.util.Optional;

/**
 * The browser's answer to a sign-in, with what the server kept from {@link AssertionStart}.
 *
 * @param responseJson      {@code PublicKeyCredential.toJSON()} of the assertion: a WebAuthn L3
 *                          {@code AuthenticationResponseJSON}
 * @param expectedChallenge {@link AssertionStart#challenge()}, from server-side state, never from the page
 * @param expectedUserId    the account the sign-in was started for, when there was one; empty for a
 *                          discoverable sign-in, where the response's user handle identifies the account
 */
public record FinishAssertion(String responseJson, byte[] expectedChallenge, Optional<String> expectedUserId) {
    public FinishAssertion {
        Objects.requireNonNull(responseJson, "responseJson");
        expectedChallenge = Objects.requireNonNull(expectedChallenge, "expectedChallenge").clone();
        Objects.requireNonNull(expectedUserId, "expectedUserId");
    }

    @Override
    public byte[] expectedChallenge() {
        return expectedChallenge.clone();
    }
}
