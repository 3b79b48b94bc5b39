package dev.passgate.passkey;

import java.util.Objects;
import java.util.Optional;

/**
 * The browser's answer to a registration, with what the server kept from {@link RegistrationStart}.
 *
 * @param responseJson      {@code PublicKeyCredential.toJSON()} of the new credential: a WebAuthn L3
 *                          {@code RegistrationResponseJSON}
 * @param expectedChallenge {@link RegistrationStart#challenge()}, from server-side state, never from the page
 * @param userId            the signed-in account that started the registration
 * @param userHandle        {@link RegistrationStart#userHandle()}
 * @param replacing         a passkey of the same account to delete in the same transaction as the new one is
 *                          stored, so an account at its limit can swap one; empty to add
 * @param origin            what made the registration happen, kept with the passkey
 */
public record FinishRegistration(String responseJson, byte[] expectedChallenge, String userId, byte[] userHandle,
                                 Optional<CredentialId> replacing, Passkey.Origin origin) {
    public FinishRegistration {
        Objects.requireNonNull(responseJson, "responseJson");
        expectedChallenge = Objects.requireNonNull(expectedChallenge, "expectedChallenge").clone();
        Objects.requireNonNull(userId, "userId");
        userHandle = Objects.requireNonNull(userHandle, "userHandle").clone();
        if (userHandle.length < Passkey.MIN_USER_HANDLE || userHandle.length > Passkey.MAX_USER_HANDLE) {
            throw new IllegalArgumentException("Not a user handle from RegistrationStart: " + userHandle.length + " bytes");
        }
        Objects.requireNonNull(replacing, "replacing");
        Objects.requireNonNull(origin, "origin");
    }

    public FinishRegistration(String responseJson, byte[] expectedChallenge, String userId, byte[] userHandle,
                              Optional<CredentialId> replacing) {
        this(responseJson, expectedChallenge, userId, userHandle, replacing, Passkey.Origin.UNKNOWN);
    }

    /** Adds a passkey (replaces none). */
    public FinishRegistration(String responseJson, byte[] expectedChallenge, String userId, byte[] userHandle) {
        this(responseJson, expectedChallenge, userId, userHandle, Optional.empty(), Passkey.Origin.UNKNOWN);
    }

    @Override
    public byte[] expectedChallenge() {
        return expectedChallenge.clone();
    }

    @Override
    public byte[] userHandle() {
        return userHandle.clone();
    }
}
