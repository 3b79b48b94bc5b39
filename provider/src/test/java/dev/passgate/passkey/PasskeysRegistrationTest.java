package dev.passgate.passkey;

import static dev.passgate.passkey.PasskeysFixture.LIMIT;
import static dev.passgate.passkey.PasskeysFixture.assertRefused;
import static dev.passgate.passkey.PasskeysFixture.ecKey;
import static dev.passgate.passkey.TestAuthenticator.BE;
import static dev.passgate.passkey.TestAuthenticator.BS;
import static dev.passgate.passkey.TestAuthenticator.RP_ID;
import static dev.passgate.passkey.TestAuthenticator.UP;
import static dev.passgate.passkey.TestAuthenticator.UV;
import static dev.passgate.passkey.TestAuthenticator.forgedRegistration;
import static dev.passgate.passkey.TestAuthenticator.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

/** Registration (WebAuthn L3 §7.1) end to end: emulated-authenticator responses, the real JPA store on H2. */
class PasskeysRegistrationTest {
    PasskeysFixture f;
    dev.passgate.persistence.JpaPasskeyStore store;
    Passkeys passkeys;

    @BeforeEach
    void open() {
        f = new PasskeysFixture();
        store = f.store;
        passkeys = f.passkeys;
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void startRegistrationWhenAccountHasPasskeyThenItsHandleReusedAndPasskeyExcluded() {
        RegistrationStart first = f.startRegistration("ada");
        assertEquals(32, first.userHandle().length);
        Passkey registered = f.register(new TestAuthenticator(), "ada");

        RegistrationStart second = f.startRegistration("ada");

        assertArrayEquals(registered.userHandle(), second.userHandle());
        var options = parse(second.optionsJson());
        assertEquals(TestAuthenticator.b64(registered.userHandle()), options.getJsonObject("user").getString("id"));
        var excluded = options.getJsonArray("excludeCredentials").getJsonObject(0);
        assertEquals(registered.credentialId().toBase64Url(), excluded.getString("id"));
        assertEquals(2, excluded.getJsonArray("transports").size());
        assertEquals("required", options.getJsonObject("authenticatorSelection").getString("residentKey"));
        assertEquals("none", options.getString("attestation"));
        assertEquals(List.of(-7, -8, -257), options.getJsonArray("pubKeyCredParams").getValuesAs(
                v -> ((jakarta.json.JsonObject) v).getInt("alg")));
        assertNotEquals(TestAuthenticator.b64(registered.userHandle()),
                parse(f.startRegistration("grace").optionsJson()).getJsonObject("user").getString("id"));
    }

    @Test
    void finishRegistrationWhenCreatedOnAnotherOriginThenBadOrigin() {
        RegistrationStart start = f.startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson(), "https://evil.example");

        assertRefused(RegistrationFailure.BAD_ORIGIN, f.finish(start, response, "ada"));
        assertEquals(0, store.countForUser("ada"));
    }

    @Test
    void finishRegistrationWhenScopedToAnotherRpIdThenBadRpId() {
        RegistrationStart start = f.startRegistration("ada");
        String options = start.optionsJson().replace("\"id\":\"" + RP_ID + "\"", "\"id\":\"evil.example\"");
        String response = new TestAuthenticator().create(options);

        assertRefused(RegistrationFailure.BAD_RP_ID, f.finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenOtherChallengeThenChallengeMismatch() {
        RegistrationStart start = f.startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());

        byte[] other = f.startRegistration("ada").challenge();
        RegistrationResult result = passkeys.finishRegistration(new FinishRegistration(response, other, "ada",
                start.userHandle()));

        assertRefused(RegistrationFailure.CHALLENGE_MISMATCH, result);
        assertFalse(((RegistrationResult.Refused) result).detail().contains(TestAuthenticator.b64(other)),
                "the expected challenge stays out of logs");
    }

    @Test
    void finishRegistrationWhenAnotherRegistrationGaveTheAccountAHandleThenConflict() {
        // Two tabs start the account's first registration: each offers a new random handle.
        RegistrationStart first = f.startRegistration("grace");
        RegistrationStart second = f.startRegistration("grace");
        assertFalse(java.util.Arrays.equals(first.userHandle(), second.userHandle()));
        assertInstanceOf(RegistrationResult.Registered.class,
                f.finish(first, new TestAuthenticator().create(first.optionsJson()), "grace"));

        assertRefused(RegistrationFailure.USER_HANDLE_CONFLICT,
                f.finish(second, new TestAuthenticator().create(second.optionsJson()), "grace"));
        assertEquals(1, store.countForUser("grace"));
    }

    @Test
    void finishRegistrationWhenUserNotVerifiedThenRefused() {
        // The emulator always verifies the user at registration: the response is made by hand.
        RegistrationStart start = f.startRegistration("ada");
        String response = forgedRegistration(start.challenge(), RP_ID, UP, new byte[32], ecKey());

        assertRefused(RegistrationFailure.USER_VERIFICATION_MISSING, f.finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenBackedUpButNotBackupEligibleThenRefused() {
        // The emulator never sets BE or BS: the response is made by hand.
        RegistrationStart start = f.startRegistration("ada");
        String response = forgedRegistration(start.challenge(), RP_ID, UP | UV | BS, new byte[32], ecKey());

        assertRefused(RegistrationFailure.BACKUP_FLAGS_INCONSISTENT, f.finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenAlgorithmNotOfferedThenRefused() {
        RegistrationStart start = f.startRegistration("ada");
        KeyPair p384 = TestAuthenticator.keyPair("secp384r1");
        String response = forgedRegistration(start.challenge(), RP_ID, UP | UV, new byte[32],
                EC2COSEKey.create((ECPublicKey) p384.getPublic(), COSEAlgorithmIdentifier.ES384));

        assertRefused(RegistrationFailure.UNSUPPORTED_ALGORITHM, f.finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenNotJsonThenMalformed() {
        RegistrationStart start = f.startRegistration("ada");

        assertRefused(RegistrationFailure.MALFORMED, f.finish(start, "{\"id\": 42", "ada"));
        assertRefused(RegistrationFailure.MALFORMED, f.finish(start, "{}", "ada"));
    }

    @Test
    void finishRegistrationWhenCredentialIdRegisteredToAnyAccountThenAlreadyRegistered() {
        RegistrationStart start = f.startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());
        assertInstanceOf(RegistrationResult.Registered.class, f.finish(start, response, "ada"));

        assertRefused(RegistrationFailure.ALREADY_REGISTERED, f.finish(start, response, "ada"));
        RegistrationStart grace = f.startRegistration("grace");
        assertRefused(RegistrationFailure.ALREADY_REGISTERED, passkeys.finishRegistration(
                new FinishRegistration(response, start.challenge(), "grace", grace.userHandle())));
        assertEquals(1, store.countForUser("ada"));
        assertEquals(0, store.countForUser("grace"));
    }

    @Test
    void finishRegistrationWhenAtLimitThenLimitReachedAndNothingStored() {
        for (int i = 0; i < LIMIT; i++) {
            f.register(new TestAuthenticator(), "ada");
        }
        RegistrationStart start = f.startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());

        assertRefused(RegistrationFailure.LIMIT_REACHED, f.finish(start, response, "ada"));
        assertEquals(LIMIT, store.countForUser("ada"));
    }

    @Test
    void finishRegistrationWhenReplacingAtLimitThenCountKeptAndOldGone() {
        Passkey oldest = f.register(new TestAuthenticator(), "ada");
        for (int i = 1; i < LIMIT; i++) {
            f.register(new TestAuthenticator(), "ada");
        }
        RegistrationStart start = f.startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());

        RegistrationResult result = passkeys.finishRegistration(new FinishRegistration(response, start.challenge(),
                "ada", start.userHandle(), Optional.of(oldest.credentialId())));

        Passkey added = assertInstanceOf(RegistrationResult.Registered.class, result, result::toString).passkey();
        assertEquals(LIMIT, store.countForUser("ada"));
        assertTrue(store.find(oldest.credentialId()).isEmpty());
        assertTrue(store.find(added.credentialId()).isPresent());
    }

    @Test
    void finishRegistrationWhenReplacingAnotherAccountsPasskeyThenItIsKept() {
        Passkey graces = f.register(new TestAuthenticator(), "grace");
        for (int i = 0; i < LIMIT; i++) {
            f.register(new TestAuthenticator(), "ada");
        }
        RegistrationStart start = f.startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());

        assertRefused(RegistrationFailure.LIMIT_REACHED, passkeys.finishRegistration(new FinishRegistration(response,
                start.challenge(), "ada", start.userHandle(), Optional.of(graces.credentialId()))));
        assertTrue(store.find(graces.credentialId()).isPresent());
    }
}
