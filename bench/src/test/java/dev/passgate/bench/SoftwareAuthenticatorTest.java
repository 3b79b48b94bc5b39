package dev.passgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;

/**
 * The bench's passkey against a WebAuthn verifier it shares no code with (webauthn4j): its registration and its
 * assertions verify, for the origin and RP id they name, and an assertion made for another challenge does not.
 */
class SoftwareAuthenticatorTest {
    static final String RP_ID = "login.example.com";
    static final Origin ORIGIN = new Origin("https://login.example.com");
    final WebAuthnManager manager = WebAuthnManager.createNonStrictWebAuthnManager(new ObjectConverter());
    final Base64.Decoder b64 = Base64.getUrlDecoder();

    @Test
    void registrationAndAssertionWhenVerifiedByWebauthn4jThenValid() {
        SoftwareAuthenticator passkey = new SoftwareAuthenticator();
        byte[] challenge = "registration-challenge-0123456789".getBytes(StandardCharsets.UTF_8);
        String userHandle = Base64.getUrlEncoder().withoutPadding().encodeToString("user-handle".getBytes(StandardCharsets.UTF_8));
        String created = passkey.create(RP_ID, ORIGIN.toString(), b64url(challenge), userHandle);
        RegistrationData registration = manager.parseRegistrationResponseJSON(created);
        manager.verify(registration, new RegistrationParameters(new ServerProperty(ORIGIN, RP_ID, new DefaultChallenge(challenge)),
                null, false, true));
        assertTrue(registration.getAttestationObject().getAuthenticatorData().isFlagBE(), "a synced passkey");

        var record = new CredentialRecordImpl(registration.getAttestationObject(), registration.getCollectedClientData(),
                registration.getClientExtensions(), registration.getTransports());
        for (int i = 0; i < 3; i++) {
            byte[] login = ("login-challenge-" + i).getBytes(StandardCharsets.UTF_8);
            AuthenticationData assertion = manager.parseAuthenticationResponseJSON(passkey.get(RP_ID, ORIGIN.toString(), b64url(login)));
            manager.verify(assertion, new AuthenticationParameters(new ServerProperty(ORIGIN, RP_ID, new DefaultChallenge(login)),
                    record, List.of(b64.decode(passkey.credentialId())), true, true));
            assertEquals("user-handle", new String(assertion.getUserHandle(), StandardCharsets.UTF_8));
        }
        AuthenticationData replayed = manager.parseAuthenticationResponseJSON(passkey.get(RP_ID, ORIGIN.toString(), b64url(challenge)));
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> manager.verify(replayed,
                new AuthenticationParameters(new ServerProperty(ORIGIN, RP_ID, new DefaultChallenge("other".getBytes(StandardCharsets.UTF_8))),
                        record, null, true, true)), "signed for another challenge");
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
