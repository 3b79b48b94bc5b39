package dev.passgate.passkey;

import static dev.passgate.passkey.TestAuthenticator.ORIGIN;
import static dev.passgate.passkey.TestAuthenticator.RP_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.config.WebAuthnSettings;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/**
 * {@link Passkeys} on a fresh in-memory H2 database with the real migrations and JPA store, two accounts
 * ("ada", "grace"), a fixed clock and a limit of {@value #LIMIT} passkeys per account.
 */
final class PasskeysFixture implements AutoCloseable {
    static final int LIMIT = 3;
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    final Database db;
    final JpaPasskeyStore store;
    final Passkeys passkeys;

    PasskeysFixture() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        JpaUserStore users = new JpaUserStore(db);
        users.create(User.create("ada", "ada", now));
        users.create(User.create("grace", "grace", now));
        store = new JpaPasskeyStore(db);
        passkeys = new Passkeys(new WebAuthnSettings(RP_ID, List.of(ORIGIN)), store, store, new AuthenticatorNames(),
                Clock.fixed(now, ZoneOffset.UTC), LIMIT);
    }

    @Override
    public void close() {
        db.close();
    }

    /** A whole registration with {@code authenticator}, which must succeed. */
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

    /** A fresh P-256 key, as COSE. */
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
