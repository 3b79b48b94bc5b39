package dev.passgate.passkey;

import java.util.Objects;

/**
 * The first half of a registration. Keep {@code challenge} and {@code userHandle} server-side (with the
 * session), send {@code optionsJson} to the page, and hand both back in {@link FinishRegistration}.
 *
 * @param challenge   32 random bytes; single use: forget it once {@code finishRegistration} has run
 * @param userHandle  the WebAuthn {@code user.id} offered: the account's existing handle, or a new random one
 * @param optionsJson a WebAuthn L3 {@code PublicKeyCredentialCreationOptionsJSON}, for
 *                    {@code PublicKeyCredential.parseCreationOptionsFromJSON()}
 */
public record RegistrationStart(byte[] challenge, byte[] userHandle, String optionsJson) {
    public RegistrationStart {
        challenge = Objects.requireNonNull(challenge, "challenge").clone();
        userHandle = Objects.requireNonNull(userHandle, "userHandle").clone();
        Objects.requireNonNull(optionsJson, "optionsJson");
    }

    @Override
    public byte[] challenge() {
        return challenge.clone();
    }

    @Override
    public byte[] userHandle() {
        return userHandle.clone();
    }
}
