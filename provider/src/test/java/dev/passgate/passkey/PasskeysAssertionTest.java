package dev.passgate.passkey;

import static dev.passgate.passkey.PasskeysFixture.assertRefused;
import static dev.passgate.passkey.TestAuthenticator.BE;
import static dev.passgate.passkey.TestAuthenticator.BS;
import static dev.passgate.passkey.TestAuthenticator.RP_ID;
import static dev.passgate.passkey.TestAuthenticator.UP;
import static dev.passgate.passkey.TestAuthenticator.UV;
import static dev.passgate.passkey.TestAuthenticator.forgedAssertion;
import static dev.passgate.passkey.TestAuthenticator.forgedRegistration;
import static dev.passgate.passkey.TestAuthenticator.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

/** Sign-in (WebAuthn L3 §7.2) end to end: emulated-authenticator responses, the real JPA store on H2. */
class PasskeysAssertionTest {
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
    void registerThenSignInWhenGenuineThenVerifiedAndCounterAndLastUseStored() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey registered = f.register(phone, "ada");
        assertEquals("Apple Passwords", registered.name());
        assertEquals(TestAuthenticator.AAGUID, registered.aaguid());
        assertEquals(Set.of("hybrid", "internal"), registered.transports());
        assertEquals(1, registered.signCount());
        assertTrue(registered.uvInitialized());
        assertFalse(registered.backupEligible());
        assertNull(registered.lastUsedAt());
        assertEquals(registered, store.find(registered.credentialId()).orElseThrow());

        AssertionStart start = passkeys.startAssertion(new AssertionOptions(Optional.of("ada"), Duration.ofMinutes(1)));
        var options = parse(start.optionsJson());
        assertEquals(RP_ID, options.getString("rpId"));
        assertEquals("required", options.getString("userVerification"));
        assertEquals(registered.credentialId().toBase64Url(),
                options.getJsonArray("allowCredentials").getJsonObject(0).getString("id"));
        AssertionResult result = passkeys.finishAssertion(
                new FinishAssertion(phone.get(start.optionsJson()), start.challenge(), Optional.of("ada")));

        AssertionResult.Verified verified = assertInstanceOf(AssertionResult.Verified.class, result, result::toString);
        assertEquals("ada", verified.userId());
        assertEquals(2, verified.passkey().signCount());
        assertEquals(f.now, verified.passkey().lastUsedAt());
        Passkey stored = store.find(registered.credentialId()).orElseThrow();
        assertEquals(2, stored.signCount());
        assertEquals(f.now, stored.lastUsedAt());
    }

    @Test
    void finishAssertionWhenDiscoverableThenAccountFoundByUserHandle() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey registered = f.register(phone, "grace");
        AssertionStart start = passkeys.startAssertion(new AssertionOptions(Optional.empty(), Duration.ofMinutes(1)));
        assertEquals(0, parse(start.optionsJson()).getJsonArray("allowCredentials").size());

        AssertionResult result = passkeys.finishAssertion(
                new FinishAssertion(phone.get(start.optionsJson()), start.challenge(), Optional.empty()));

        assertEquals("grace", assertInstanceOf(AssertionResult.Verified.class, result, result::toString).userId());
        assertEquals(registered.credentialId(), ((AssertionResult.Verified) result).passkey().credentialId());
    }

    @Test
    void finishAssertionWhenUsedOnAnotherOriginThenBadOrigin() {
        TestAuthenticator phone = new TestAuthenticator();
        f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");

        assertRefused(AssertionFailure.BAD_ORIGIN, passkeys.finishAssertion(new FinishAssertion(
                phone.get(start.optionsJson(), "https://login.example.com.evil.example"), start.challenge(),
                Optional.of("ada"))));
    }

    @Test
    void finishAssertionWhenScopedToAnotherRpIdThenBadRpId() {
        // The emulator only answers for the RP id it registered with: the response is made by hand.
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), "evil.example", UP | UV, 5);

        assertRefused(AssertionFailure.BAD_RP_ID, f.finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenReplayedThenPossibleClone() {
        TestAuthenticator phone = new TestAuthenticator();
        f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");
        String response = phone.get(start.optionsJson());
        assertInstanceOf(AssertionResult.Verified.class, f.finish(start, response, "ada"));

        // The same response and challenge again (a caller that did not consume the challenge): the counter,
        // now equal to the stored one, gives the replay away.
        assertRefused(AssertionFailure.POSSIBLE_CLONE, f.finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenReplayedWithoutCounterThenOnlyConsumedChallengeStopsIt() {
        // Most synced passkeys keep no counter (always 0). This class is stateless: a replay with the same
        // challenge verifies again, which is why the caller must forget a challenge after its finish...
        TestAuthenticator syncedPasskey = new TestAuthenticator(false);
        f.register(syncedPasskey, "ada");
        AssertionStart start = f.startAssertion("ada");
        String response = syncedPasskey.get(start.optionsJson());
        assertInstanceOf(AssertionResult.Verified.class, f.finish(start, response, "ada"));
        assertInstanceOf(AssertionResult.Verified.class, f.finish(start, response, "ada"));

        // ...after which the replay only meets the next ceremony's challenge.
        AssertionStart next = f.startAssertion("ada");
        assertRefused(AssertionFailure.CHALLENGE_MISMATCH, f.finish(next, response, "ada"));
    }

    @Test
    void finishAssertionWhenUserNotVerifiedThenRefused() {
        TestAuthenticator phone = new TestAuthenticator();
        f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");
        // As if the page asked with userVerification "discouraged": the emulator then leaves UV unset.
        String response = phone.get(start.optionsJson().replace("\"required\"", "\"discouraged\""));

        assertRefused(AssertionFailure.USER_VERIFICATION_MISSING, f.finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenBackedUpButNotBackupEligibleThenRefused() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV | BS, 5);

        assertRefused(AssertionFailure.BACKUP_FLAGS_INCONSISTENT, f.finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenBackupEligibilityChangedThenRefused() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = f.register(phone, "ada"); // BE not set at registration
        AssertionStart start = f.startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV | BE | BS, 5);

        assertRefused(AssertionFailure.BACKUP_FLAGS_INCONSISTENT, f.finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenBackupStateChangesThenNewStateStored() {
        KeyPair key = TestAuthenticator.keyPair("secp256r1");
        RegistrationStart registration = f.startRegistration("ada");
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        Passkey passkey = assertInstanceOf(RegistrationResult.Registered.class, f.finish(registration,
                forgedRegistration(registration.challenge(), RP_ID, UP | UV | BE, id,
                        EC2COSEKey.create((ECPublicKey) key.getPublic(), COSEAlgorithmIdentifier.ES256)), "ada")).passkey();
        assertTrue(passkey.backupEligible());
        assertFalse(passkey.backupState());
        AssertionStart start = f.startAssertion("ada");

        AssertionResult result = f.finish(start, forgedAssertion(passkey.credentialId(), key.getPrivate(),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV | BE | BS, 0), "ada");

        assertInstanceOf(AssertionResult.Verified.class, result, result::toString);
        assertTrue(store.find(passkey.credentialId()).orElseThrow().backupState());
    }

    @Test
    void finishAssertionWhenCounterRegressesThenPossibleCloneAndNothingStored() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = f.register(phone, "ada");
        AssertionStart first = f.startAssertion("ada");
        assertInstanceOf(AssertionResult.Verified.class, f.finish(first, phone.get(first.optionsJson()), "ada"));
        AssertionStart start = f.startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV, 1);

        assertRefused(AssertionFailure.POSSIBLE_CLONE, f.finish(start, response, "ada"));
        Passkey stored = store.find(passkey.credentialId()).orElseThrow();
        assertEquals(2, stored.signCount());
    }

    @Test
    void finishAssertionWhenSignatureByAnotherKeyThenBadSignature() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), TestAuthenticator.keyPair("secp256r1").getPrivate(),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV, 5);

        assertRefused(AssertionFailure.BAD_SIGNATURE, f.finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenAnotherAccountsPasskeyThenWrongAccount() {
        TestAuthenticator gracesPhone = new TestAuthenticator();
        f.register(gracesPhone, "grace");
        f.register(new TestAuthenticator(), "ada");
        AssertionStart start = passkeys.startAssertion(new AssertionOptions(Optional.empty(), Duration.ofMinutes(1)));

        assertRefused(AssertionFailure.WRONG_ACCOUNT, f.finish(start, gracesPhone.get(start.optionsJson()), "ada"));
    }

    @Test
    void finishAssertionWhenUserHandleDiffersOrMissingThenMismatch() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");
        var key = phone.privateKeyOf(passkey.credentialId());

        String otherHandle = forgedAssertion(passkey.credentialId(), key, new byte[32], start.challenge(), RP_ID,
                UP | UV, 5);
        assertRefused(AssertionFailure.USER_HANDLE_MISMATCH, f.finish(start, otherHandle, "ada"));

        String noHandle = forgedAssertion(passkey.credentialId(), key, null, start.challenge(), RP_ID, UP | UV, 5);
        assertRefused(AssertionFailure.USER_HANDLE_MISMATCH,
                passkeys.finishAssertion(new FinishAssertion(noHandle, start.challenge(), Optional.empty())));
        // With the account known beforehand, response.userHandle is optional (L3 §7.2 step 6).
        assertInstanceOf(AssertionResult.Verified.class, f.finish(start, noHandle, "ada"));
    }

    @Test
    void finishAssertionWhenPasskeyDeletedThenUnknownCredential() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = f.register(phone, "ada");
        AssertionStart start = f.startAssertion("ada");
        String response = phone.get(start.optionsJson());
        assertTrue(store.delete(passkey.credentialId()));

        assertRefused(AssertionFailure.UNKNOWN_CREDENTIAL, f.finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenNotJsonThenMalformed() {
        AssertionStart start = f.startAssertion("ada");

        assertRefused(AssertionFailure.MALFORMED, f.finish(start, "not json", "ada"));
        assertRefused(AssertionFailure.MALFORMED, f.finish(start, "{\"id\":\"AA\",\"type\":\"public-key\"}", "ada"));
    }
}
