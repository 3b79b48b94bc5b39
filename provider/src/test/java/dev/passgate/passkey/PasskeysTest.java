package dev.passgate.passkey;

import static dev.passgate.passkey.TestAuthenticator.BE;
import static dev.passgate.passkey.TestAuthenticator.BS;
import static dev.passgate.passkey.TestAuthenticator.ORIGIN;
import static dev.passgate.passkey.TestAuthenticator.RP_ID;
import static dev.passgate.passkey.TestAuthenticator.UP;
import static dev.passgate.passkey.TestAuthenticator.UV;
import static dev.passgate.passkey.TestAuthenticator.forgedAssertion;
import static dev.passgate.passkey.TestAuthenticator.forgedRegistration;
import static dev.passgate.passkey.TestAuthenticator.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.config.WebAuthnSettings;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/** Both ceremonies end to end: real emulated-authenticator responses, the real JPA store on H2. */
class PasskeysTest {
    static final int LIMIT = 3;
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    Database db;
    PasskeyStore store;
    Passkeys passkeys;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        JpaUserStore users = new JpaUserStore(db);
        users.create(User.create("ada", "ada", now));
        users.create(User.create("grace", "grace", now));
        store = new JpaPasskeyStore(db);
        passkeys = new Passkeys(new WebAuthnSettings(RP_ID, List.of(ORIGIN)), store, new AuthenticatorNames(),
                Clock.fixed(now, ZoneOffset.UTC), LIMIT);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void registerThenSignInWhenGenuineThenVerifiedAndCounterAndLastUseStored() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey registered = register(phone, "ada");
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
        assertEquals(now, verified.passkey().lastUsedAt());
        Passkey stored = store.find(registered.credentialId()).orElseThrow();
        assertEquals(2, stored.signCount());
        assertEquals(now, stored.lastUsedAt());
    }

    @Test
    void finishAssertionWhenDiscoverableThenAccountFoundByUserHandle() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey registered = register(phone, "grace");
        AssertionStart start = passkeys.startAssertion(new AssertionOptions(Optional.empty(), Duration.ofMinutes(1)));
        assertEquals(0, parse(start.optionsJson()).getJsonArray("allowCredentials").size());

        AssertionResult result = passkeys.finishAssertion(
                new FinishAssertion(phone.get(start.optionsJson()), start.challenge(), Optional.empty()));

        assertEquals("grace", assertInstanceOf(AssertionResult.Verified.class, result, result::toString).userId());
        assertEquals(registered.credentialId(), ((AssertionResult.Verified) result).passkey().credentialId());
    }

    @Test
    void startRegistrationWhenAccountHasPasskeyThenItsHandleReusedAndPasskeyExcluded() {
        RegistrationStart first = startRegistration("ada");
        assertEquals(32, first.userHandle().length);
        Passkey registered = register(new TestAuthenticator(), "ada");

        RegistrationStart second = startRegistration("ada");

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
                parse(startRegistration("grace").optionsJson()).getJsonObject("user").getString("id"));
    }

    @Test
    void finishRegistrationWhenCreatedOnAnotherOriginThenBadOrigin() {
        RegistrationStart start = startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson(), "https://evil.example");

        assertRefused(RegistrationFailure.BAD_ORIGIN, finish(start, response, "ada"));
        assertEquals(0, store.countForUser("ada"));
    }

    @Test
    void finishRegistrationWhenScopedToAnotherRpIdThenBadRpId() {
        RegistrationStart start = startRegistration("ada");
        String options = start.optionsJson().replace("\"id\":\"" + RP_ID + "\"", "\"id\":\"evil.example\"");
        String response = new TestAuthenticator().create(options);

        assertRefused(RegistrationFailure.BAD_RP_ID, finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenOtherChallengeThenChallengeMismatch() {
        RegistrationStart start = startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());

        assertRefused(RegistrationFailure.CHALLENGE_MISMATCH, passkeys.finishRegistration(new FinishRegistration(
                response, startRegistration("ada").challenge(), "ada", start.userHandle())));
    }

    @Test
    void finishRegistrationWhenUserNotVerifiedThenRefused() {
        // The emulator always verifies the user at registration: the response is made by hand.
        RegistrationStart start = startRegistration("ada");
        String response = forgedRegistration(start.challenge(), RP_ID, UP, new byte[32], ecKey());

        assertRefused(RegistrationFailure.USER_VERIFICATION_MISSING, finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenBackedUpButNotBackupEligibleThenRefused() {
        // The emulator never sets BE or BS: the response is made by hand.
        RegistrationStart start = startRegistration("ada");
        String response = forgedRegistration(start.challenge(), RP_ID, UP | UV | BS, new byte[32], ecKey());

        assertRefused(RegistrationFailure.BACKUP_FLAGS_INCONSISTENT, finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenAlgorithmNotOfferedThenRefused() {
        RegistrationStart start = startRegistration("ada");
        KeyPair p384 = TestAuthenticator.keyPair("secp384r1");
        String response = forgedRegistration(start.challenge(), RP_ID, UP | UV, new byte[32],
                EC2COSEKey.create((ECPublicKey) p384.getPublic(), COSEAlgorithmIdentifier.ES384));

        assertRefused(RegistrationFailure.UNSUPPORTED_ALGORITHM, finish(start, response, "ada"));
    }

    @Test
    void finishRegistrationWhenNotJsonThenMalformed() {
        RegistrationStart start = startRegistration("ada");

        assertRefused(RegistrationFailure.MALFORMED, finish(start, "{\"id\": 42", "ada"));
        assertRefused(RegistrationFailure.MALFORMED, finish(start, "{}", "ada"));
    }

    @Test
    void finishRegistrationWhenCredentialIdRegisteredToAnyAccountThenAlreadyRegistered() {
        RegistrationStart start = startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());
        assertInstanceOf(RegistrationResult.Registered.class, finish(start, response, "ada"));

        assertRefused(RegistrationFailure.ALREADY_REGISTERED, finish(start, response, "ada"));
        RegistrationStart grace = startRegistration("grace");
        assertRefused(RegistrationFailure.ALREADY_REGISTERED, passkeys.finishRegistration(
                new FinishRegistration(response, start.challenge(), "grace", grace.userHandle())));
        assertEquals(1, store.countForUser("ada"));
        assertEquals(0, store.countForUser("grace"));
    }

    @Test
    void finishRegistrationWhenAtLimitThenLimitReachedAndNothingStored() {
        for (int i = 0; i < LIMIT; i++) {
            register(new TestAuthenticator(), "ada");
        }
        RegistrationStart start = startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());

        assertRefused(RegistrationFailure.LIMIT_REACHED, finish(start, response, "ada"));
        assertEquals(LIMIT, store.countForUser("ada"));
    }

    @Test
    void finishRegistrationWhenReplacingAtLimitThenCountKeptAndOldGone() {
        Passkey oldest = register(new TestAuthenticator(), "ada");
        for (int i = 1; i < LIMIT; i++) {
            register(new TestAuthenticator(), "ada");
        }
        RegistrationStart start = startRegistration("ada");
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
        Passkey graces = register(new TestAuthenticator(), "grace");
        for (int i = 0; i < LIMIT; i++) {
            register(new TestAuthenticator(), "ada");
        }
        RegistrationStart start = startRegistration("ada");
        String response = new TestAuthenticator().create(start.optionsJson());

        assertRefused(RegistrationFailure.LIMIT_REACHED, passkeys.finishRegistration(new FinishRegistration(response,
                start.challenge(), "ada", start.userHandle(), Optional.of(graces.credentialId()))));
        assertTrue(store.find(graces.credentialId()).isPresent());
    }

    @Test
    void finishAssertionWhenUsedOnAnotherOriginThenBadOrigin() {
        TestAuthenticator phone = new TestAuthenticator();
        register(phone, "ada");
        AssertionStart start = startAssertion("ada");

        assertRefused(AssertionFailure.BAD_ORIGIN, passkeys.finishAssertion(new FinishAssertion(
                phone.get(start.optionsJson(), "https://login.example.com.evil.example"), start.challenge(),
                Optional.of("ada"))));
    }

    @Test
    void finishAssertionWhenScopedToAnotherRpIdThenBadRpId() {
        // The emulator only answers for the RP id it registered with: the response is made by hand.
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = register(phone, "ada");
        AssertionStart start = startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), "evil.example", UP | UV, 5);

        assertRefused(AssertionFailure.BAD_RP_ID, finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenReplayedThenPossibleClone() {
        TestAuthenticator phone = new TestAuthenticator();
        register(phone, "ada");
        AssertionStart start = startAssertion("ada");
        String response = phone.get(start.optionsJson());
        assertInstanceOf(AssertionResult.Verified.class, finish(start, response, "ada"));

        // The same response and challenge again (a caller that did not consume the challenge): the counter,
        // now equal to the stored one, gives the replay away.
        assertRefused(AssertionFailure.POSSIBLE_CLONE, finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenReplayedWithoutCounterThenOnlyConsumedChallengeStopsIt() {
        // Most synced passkeys keep no counter (always 0). This class is stateless: a replay with the same
        // challenge verifies again, which is why the caller must forget a challenge after its finish...
        TestAuthenticator syncedPasskey = new TestAuthenticator(false);
        register(syncedPasskey, "ada");
        AssertionStart start = startAssertion("ada");
        String response = syncedPasskey.get(start.optionsJson());
        assertInstanceOf(AssertionResult.Verified.class, finish(start, response, "ada"));
        assertInstanceOf(AssertionResult.Verified.class, finish(start, response, "ada"));

        // ...after which the replay only meets the next ceremony's challenge.
        AssertionStart next = startAssertion("ada");
        assertRefused(AssertionFailure.CHALLENGE_MISMATCH, finish(next, response, "ada"));
    }

    @Test
    void finishAssertionWhenUserNotVerifiedThenRefused() {
        TestAuthenticator phone = new TestAuthenticator();
        register(phone, "ada");
        AssertionStart start = startAssertion("ada");
        // As if the page asked with userVerification "discouraged": the emulator then leaves UV unset.
        String response = phone.get(start.optionsJson().replace("\"required\"", "\"discouraged\""));

        assertRefused(AssertionFailure.USER_VERIFICATION_MISSING, finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenBackedUpButNotBackupEligibleThenRefused() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = register(phone, "ada");
        AssertionStart start = startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV | BS, 5);

        assertRefused(AssertionFailure.BACKUP_FLAGS_INCONSISTENT, finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenBackupEligibilityChangedThenRefused() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = register(phone, "ada"); // BE not set at registration
        AssertionStart start = startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV | BE | BS, 5);

        assertRefused(AssertionFailure.BACKUP_FLAGS_INCONSISTENT, finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenBackupStateChangesThenNewStateStored() {
        KeyPair key = TestAuthenticator.keyPair("secp256r1");
        RegistrationStart registration = startRegistration("ada");
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        Passkey passkey = assertInstanceOf(RegistrationResult.Registered.class, finish(registration,
                forgedRegistration(registration.challenge(), RP_ID, UP | UV | BE, id,
                        EC2COSEKey.create((ECPublicKey) key.getPublic(), COSEAlgorithmIdentifier.ES256)), "ada")).passkey();
        assertTrue(passkey.backupEligible());
        assertFalse(passkey.backupState());
        AssertionStart start = startAssertion("ada");

        AssertionResult result = finish(start, forgedAssertion(passkey.credentialId(), key.getPrivate(),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV | BE | BS, 0), "ada");

        assertInstanceOf(AssertionResult.Verified.class, result, result::toString);
        assertTrue(store.find(passkey.credentialId()).orElseThrow().backupState());
    }

    @Test
    void finishAssertionWhenCounterRegressesThenPossibleCloneAndNothingStored() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = register(phone, "ada");
        AssertionStart first = startAssertion("ada");
        assertInstanceOf(AssertionResult.Verified.class, finish(first, phone.get(first.optionsJson()), "ada"));
        AssertionStart start = startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), phone.privateKeyOf(passkey.credentialId()),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV, 1);

        assertRefused(AssertionFailure.POSSIBLE_CLONE, finish(start, response, "ada"));
        Passkey stored = store.find(passkey.credentialId()).orElseThrow();
        assertEquals(2, stored.signCount());
    }

    @Test
    void finishAssertionWhenSignatureByAnotherKeyThenBadSignature() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = register(phone, "ada");
        AssertionStart start = startAssertion("ada");
        String response = forgedAssertion(passkey.credentialId(), TestAuthenticator.keyPair("secp256r1").getPrivate(),
                passkey.userHandle(), start.challenge(), RP_ID, UP | UV, 5);

        assertRefused(AssertionFailure.BAD_SIGNATURE, finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenAnotherAccountsPasskeyThenWrongAccount() {
        TestAuthenticator gracesPhone = new TestAuthenticator();
        register(gracesPhone, "grace");
        register(new TestAuthenticator(), "ada");
        AssertionStart start = passkeys.startAssertion(new AssertionOptions(Optional.empty(), Duration.ofMinutes(1)));

        assertRefused(AssertionFailure.WRONG_ACCOUNT, finish(start, gracesPhone.get(start.optionsJson()), "ada"));
    }

    @Test
    void finishAssertionWhenUserHandleDiffersOrMissingThenMismatch() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = register(phone, "ada");
        AssertionStart start = startAssertion("ada");
        var key = phone.privateKeyOf(passkey.credentialId());

        String otherHandle = forgedAssertion(passkey.credentialId(), key, new byte[32], start.challenge(), RP_ID,
                UP | UV, 5);
        assertRefused(AssertionFailure.USER_HANDLE_MISMATCH, finish(start, otherHandle, "ada"));

        String noHandle = forgedAssertion(passkey.credentialId(), key, null, start.challenge(), RP_ID, UP | UV, 5);
        assertRefused(AssertionFailure.USER_HANDLE_MISMATCH,
                passkeys.finishAssertion(new FinishAssertion(noHandle, start.challenge(), Optional.empty())));
        // With the account known beforehand, response.userHandle is optional (L3 §7.2 step 6).
        assertInstanceOf(AssertionResult.Verified.class, finish(start, noHandle, "ada"));
    }

    @Test
    void finishAssertionWhenPasskeyDeletedThenUnknownCredential() {
        TestAuthenticator phone = new TestAuthenticator();
        Passkey passkey = register(phone, "ada");
        AssertionStart start = startAssertion("ada");
        String response = phone.get(start.optionsJson());
        assertTrue(store.delete(passkey.credentialId()));

        assertRefused(AssertionFailure.UNKNOWN_CREDENTIAL, finish(start, response, "ada"));
    }

    @Test
    void finishAssertionWhenNotJsonThenMalformed() {
        AssertionStart start = startAssertion("ada");

        assertRefused(AssertionFailure.MALFORMED, finish(start, "not json", "ada"));
        assertRefused(AssertionFailure.MALFORMED, finish(start, "{\"id\":\"AA\",\"type\":\"public-key\"}", "ada"));
    }

    // --- helpers ---------------------------------------------------------------------------------------

    Passkey register(TestAuthenticator authenticator, String userId) {
        RegistrationStart start = startRegistration(userId);
        RegistrationResult result = passkeys.finishRegistration(new FinishRegistration(
                authenticator.create(start.optionsJson()), start.challenge(), userId, start.userHandle()));
        return assertInstanceOf(RegistrationResult.Registered.class, result, result::toString).passkey();
    }

    RegistrationResult finish(RegistrationStart start, String response, String userId) {
        return passkeys.finishRegistration(new FinishRegistration(response, start.challenge(), userId,
                start.userHandle()));
    }

    AssertionStart startAssertion(String userId) {
        return passkeys.startAssertion(new AssertionOptions(Optional.of(userId), Duration.ofMinutes(1)));
    }

    AssertionResult finish(AssertionStart start, String response, String userId) {
        return passkeys.finishAssertion(new FinishAssertion(response, start.challenge(), Optional.of(userId)));
    }

    static EC2COSEKey ecKey() {
        return EC2COSEKey.create((ECPublicKey) TestAuthenticator.keyPair("secp256r1").getPublic(), COSEAlgorithmIdentifier.ES256);
    }

    static void assertRefused(RegistrationFailure expected, RegistrationResult actual) {
        assertEquals(expected, assertInstanceOf(RegistrationResult.Refused.class, actual, actual::toString).reason(),
                actual::toString);
    }

    static void assertRefused(AssertionFailure expected, AssertionResult actual) {
        assertEquals(expected, assertInstanceOf(AssertionResult.Refused.class, actual, actual::toString).reason(),
                actual::toString);
    }

    RegistrationStart startRegistration(String userId) {
        return passkeys.startRegistration(new RegistrationOptions(userId, userId + "@example.com", userId,
                Duration.ofMinutes(2)));
    }
}
