package dev.passgate.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.interaction.Interaction;
import dev.passgate.interaction.LoginResult;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.LoginTransactionStore;
import dev.passgate.login.OfferRecord;
import dev.passgate.user.User;

/** The login's stores on a real H2 database. */
class JpaLoginStoresTest {
    Database db;
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        new JpaUserStore(db).create(User.create("u1", "ada", now));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void offerRecordWhenSkippedThenRememberedAndSignInsCounted() {
        OfferRecord offers = JpaLoginStores.offers(db);
        assertTrue(offers.lastSkip("u1").isEmpty());
        offers.countSignIn("u1");
        offers.recordSkip("u1", now);
        offers.countSignIn("u1");
        offers.countSignIn("u1");
        assertEquals(Optional.of(new OfferRecord.Skip(now, 2)), offers.lastSkip("u1"));
    }

    @Test
    void throttleWhenLockedThenAttemptRefusedAndNotCounted() {
        var throttle = JpaLoginStores.throttle(db);
        assertTrue(throttle.attempt("k", now, n -> n >= 2 ? Optional.of(now.plusSeconds(60)) : Optional.empty()));
        assertTrue(throttle.attempt("k", now, n -> n >= 2 ? Optional.of(now.plusSeconds(60)) : Optional.empty()));
        assertFalse(throttle.attempt("k", now.plusSeconds(1), n -> Optional.empty()));
        assertEquals(2, throttle.get("k").failures());
        throttle.forgive("k");
        assertEquals(1, throttle.get("k").failures());
        throttle.reset("k");
        assertEquals(0, throttle.get("k").failures());
        throttle.attempt("old", now, n -> Optional.empty());
        assertEquals(0, throttle.purge(now.minusSeconds(1), now), "recent counts stay");
        assertEquals(1, throttle.purge(now.plusSeconds(1), now.plusSeconds(1)));
    }

    @Test
    void transactionWhenStoredThenEveryFieldComesBackIncludingTheChallengeExpiry() {
        LoginTransactionStore store = JpaLoginStores.transactions(db);
        LoginTransaction fresh = LoginTransaction.start("h-roundtrip", "ada", now, now.plusSeconds(600));
        store.create(fresh);
        LoginTransaction changed = fresh.change().user("u1", "ada").challenge("c1", "assertion")
                .challengeValidUntil(now.plusSeconds(70)).passkeyFailure("no_passkey_on_device", true).build();
        assertTrue(store.update(changed));
        LoginTransaction back = store.find("h-roundtrip").orElseThrow();
        assertEquals(changed.withVersion(back.version()), back);
    }

    /** Issue 8 review: a new password ends the logins that passed the old one, and only that account's. */
    @Test
    void endForUserWhenCalledThenTheAccountsLoginsAndTheirPausedRequestsGoOthersStay() {
        new JpaUserStore(db).create(User.create("u2", "grace", now));
        LoginTransactionStore store = JpaLoginStores.transactions(db);
        JpaInteractionStore interactions = new JpaInteractionStore(db);
        for (String[] login : new String[][] {{"h-ada", "u1"}, {"h-grace", "u2"}}) {
            interactions.save(new Interaction(login[0], "b", "web", java.util.Map.of(), now, now.plusSeconds(600),
                    Optional.empty()));
            LoginTransaction t = LoginTransaction.start(login[0], "", now, now.plusSeconds(600));
            store.create(t);
            assertTrue(store.update(t.change().user(login[1], "x").build()));
        }
        interactions.save(new Interaction("h-done", "b", "web", java.util.Map.of(), now, now.plusSeconds(600), Optional.empty()));
        assertTrue(interactions.complete("h-done", new LoginResult("u1", now, java.util.List.of("pwd"), "urn:passgate:acr:pwd")));

        assertEquals(1, store.endForUser("u1"));
        assertTrue(store.find("h-ada").isEmpty() && interactions.find("h-ada").isEmpty());
        assertTrue(interactions.find("h-done").isEmpty(), "a finished login not yet handed back ends too");
        assertTrue(store.find("h-grace").isPresent() && interactions.find("h-grace").isPresent(), "another account's login stays");
    }

    @Test
    void auditWhenOutcomeOrDetailLongerThanTheColumnsThenCutNotRefused() {
        var audit = JpaLoginStores.audit(db);
        audit.record(new dev.passgate.audit.AuditEvent(now, "passkey.failure", Optional.of("u1"), "x".repeat(500), "y".repeat(5000)));
        var stored = audit.recent("passkey.failure", 1).get(0);
        assertEquals(64, stored.outcome().length());
        assertEquals(1000, stored.detail().length());
    }

    @Test
    void transactionWhenUpdatedWithStaleVersionThenRefused() {
        LoginTransactionStore store = JpaLoginStores.transactions(db);
        LoginTransaction tx = LoginTransaction.start("h1", "ada", now, now.plusSeconds(600));
        store.create(tx);
        LoginTransaction moved = tx.change().user("u1", "ada").state(LoginState.PASSWORD).build();
        assertTrue(store.update(moved));
        assertFalse(store.update(moved), "a second writer with the old version loses");
        LoginTransaction read = store.find("h1").orElseThrow();
        assertEquals(LoginState.PASSWORD, read.state());
        assertEquals(Optional.of("u1"), read.userId());
        assertEquals(1, read.version());
        assertEquals(1, store.purge(now.plusSeconds(601)));
    }
}
