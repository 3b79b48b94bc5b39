package dev.passgate.passkey;

import java.util.Objects;

/**
 * The first half of a sign-in. Keep {@code challenge} server-side, send {@code optionsJson} to the page.
 *
 * @param challenge   32 random bytes; single use: forget it once {@code finishAssertion} has run, whatever the
 *                    outcome (a passkey whose authenticator keeps no counter could otherwise be replayed)
 * @param optionsJson a WebAuthn L3 {@code PublicKeyCredentialRequestOptionsJSON}, for
 *                    {@code PublicKeyCredential.parseRequestOptionsFromJSON()}
 */
public record AssertionStart(byte[] challenge, String optionsJson) {
    public AssertionStart {
        challenge = Objects.requireNonNull(challenge, "challenge").clone();
        Objects.requireNonNull(optionsJson, "optionsJson");
    }

    @Override
    public byte[] challenge() {
        return challenge.clone();
    }
}
