package dev.passgate.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.LoginTransactionStore;
import dev.passgate.user.User;

/**
 * A request's unit (issue 13): every store call joins one transaction, sees what the calls before it wrote
 * (bulk updates included), commits once, and leaves nothing when the request fails.
 */
class OneTransactionTest {
    final Instant now = Instant.parse("2026-12-01T10:00:00Z");
    Database db;
    JpaUserStore users;
    LoginTransactionStore logins;
    AuditLog audit;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        users = new JpaUserStore(db);
        logins = JpaLoginStores.transactions(db);
        audit = JpaLoginStores.audit(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void unitWhenSeveralStoresWriteThenOneCommitAndEachCallSeesTheOnesBefore() {
        long before = db.commits();
        LoginTransaction read = db.run(() -> {
            users.create(User.create("u1", "ada", now));
            logins.create(LoginTransaction.start("login-1", "ada", now, now.plusSeconds(600)));
            LoginTransaction created = logins.find("login-1").orElseThrow();
            assertTrue(logins.update(created.change().user("u1", "ada").build()), "the row written just before is there");
            audit.record(new AuditEvent(now, "test.event", Optional.of("u1"), "OK", ""));
            assertEquals("ada", users.findById("u1").orElseThrow().username());
            return logins.find("login-1").orElseThrow();
        });
        assertEquals(1, db.commits() - before, "one commit for the whole request");
        assertEquals(1, read.version(), "what a call before wrote is seen by the next");
        assertEquals(Optional.of("u1"), read.userId());

        long alone = db.commits();
        users.update("u1", u -> u.withName("Ada", "Lovelace", null));
        audit.record(new AuditEvent(now, "test.event", Optional.of("u1"), "OK", ""));
        assertEquals(2, db.commits() - alone, "outside a unit each store call commits by itself");
    }

    @Test
    void unitWhenTheRequestFailsThenNothingItWroteRemainsNotEvenItsEvents() {
        assertThrows(IllegalStateException.class, () -> db.run(() -> {
            users.create(User.create("u2", "bob", now));
            audit.record(new AuditEvent(now, "test.event", Optional.of("u2"), "OK", ""));
            throw new IllegalStateException("the step failed");
        }));
        assertTrue(users.findById("u2").isEmpty());
        assertEquals(List.of(), audit.recent("test.event", 5));
    }

    /**
     * A login step reads its login transaction, interaction and account from several stores: within one request a row
     * is read from the database once (counted by H2's own statistics), and a bulk write in between is still seen.
     */
    @Test
    void unitWhenStoresReadTheSameRowsAgainThenOneStatementEachAndABulkWriteIsStillSeen() {
        users.create(User.create("u6", "fay", now));
        logins.create(LoginTransaction.start("login-6", "fay", now, now.plusSeconds(600)));
        db.run(em -> em.createNativeQuery("SET QUERY_STATISTICS TRUE").executeUpdate());
        LoginTransaction last = db.run(() -> {
            for (int i = 0; i < 3; i++) {
                assertTrue(logins.find("login-6").isPresent());
                assertEquals("fay", users.findById("u6").orElseThrow().username());
            }
            LoginTransaction t = logins.find("login-6").orElseThrow();
            assertTrue(logins.update(t.change().user("u6", "fay").build()), "locked at the first read: the update's lock is held");
            return logins.find("login-6").orElseThrow();
        });
        assertEquals(1, last.version(), "what the call before wrote is seen");
        assertEquals(1, executions("FROM LOGIN_TRANSACTIONS WHERE"), "one read of the login transaction, the locking one");
        assertEquals(1, executions("FROM USERS WHERE"), "one read of the account");

        LoginTransaction afterBulk = db.run(() -> {
            assertEquals("fay", logins.find("login-6").orElseThrow().identifier());
            db.run(em -> em.createQuery("update LoginTransactionEntity t set t.identifier = 'fay2' where t.idHash = 'login-6'")
                    .executeUpdate());
            return logins.find("login-6").orElseThrow();
        });
        assertEquals("fay2", afterBulk.identifier(), "a bulk update bypasses the entity the unit held: it is read again");
        assertTrue(db.run(() -> {
            assertTrue(logins.find("login-6").isPresent());
            db.run(em -> em.createNativeQuery("DELETE FROM login_transactions WHERE id_hash = 'login-6'").executeUpdate());
            return logins.find("login-6").isEmpty();
        }), "nor after a native delete");
    }

    /**
     * A row the unit read early may be changed by another request before this one writes it: the write starts from the
     * row as it is now (a concurrent change is kept, not lost, and not a version conflict that fails the request).
     */
    @Test
    void unitWhenAnotherRequestChangedARowReadEarlierThenTheWriteStartsFromItsCurrentState() {
        users.create(User.create("u7", "gil", now));
        User after = db.run(() -> {
            assertEquals("gil", users.findById("u7").orElseThrow().username()); // held by the unit from here
            db.inOwnTransaction(em -> em.find(UserEntity.class, "u7").givenName = "Gilbert"); // another request
            return users.update("u7", u -> u.withName(u.givenName(), "Ryle", null)).orElseThrow();
        });
        assertEquals("Gilbert", after.givenName(), "the other request's change is kept");
        assertEquals("Ryle", users.findById("u7").orElseThrow().familyName());
    }

    private long executions(String fragment) {
        return db.inTransaction(em -> ((List<?>) em.createNativeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM"
                + " INFORMATION_SCHEMA.QUERY_STATISTICS").getResultList()).stream().map(Object[].class::cast)
                .filter(r -> r[0].toString().toUpperCase().contains(fragment))
                .mapToLong(r -> ((Number) r[1]).longValue()).sum());
    }

    /** A store call that fails fails the request: no store may catch it and carry on with a doomed transaction. */
    @Test
    void unitWhenAStoreCallFailsThenEveryLaterCallIsRefusedAndNothingIsWritten() {
        users.create(User.create("taken", "eve", now));
        java.util.concurrent.atomic.AtomicReference<RuntimeException> later = new java.util.concurrent.atomic.AtomicReference<>();
        assertThrows(RuntimeException.class, () -> db.run(() -> {
            audit.record(new AuditEvent(now, "test.event", Optional.of("taken"), "OK", ""));
            try {
                users.create(User.create("other-id", "eve", now)); // the same username: a unique key
            } catch (RuntimeException swallowed) {
                try {
                    audit.record(new AuditEvent(now, "test.after", Optional.of("taken"), "OK", ""));
                } catch (RuntimeException refused) {
                    later.set(refused);
                }
            }
            return null;
        }));
        assertTrue(later.get() instanceof IllegalStateException, "a later call is refused: " + later.get());
        assertTrue(later.get().getCause() instanceof RuntimeException, "with the first failure as its cause (the answer's"
                + " status follows it: a database gone away is a 503): " + later.get().getCause());
        assertEquals(List.of(), audit.recent("test.event", 5), "the request's earlier writes went with it");
        long outside = db.commits();
        audit.record(new AuditEvent(now, "test.event", Optional.of("taken"), "OK", ""));
        assertEquals(1, db.commits() - outside, "the thread is free of the failed unit");
    }

    /** A log line or a metric for what a request wrote: after its commit, and never for one that rolled back. */
    @Test
    void afterCommitWhenInAUnitThenRunsOnceCommittedAndNeverAfterARollback() {
        List<String> told = new java.util.ArrayList<>();
        db.run(() -> {
            users.create(User.create("u4", "di", now));
            db.afterCommit(() -> told.add("seen=" + users.findById("u4").isPresent()));
            assertEquals(List.of(), told, "not before the commit");
            return null;
        });
        assertEquals(List.of("seen=true"), told, "after it: what it tells of is in the database");
        assertThrows(IllegalStateException.class, () -> db.run(() -> {
            db.afterCommit(() -> told.add("rolled back"));
            throw new IllegalStateException("the step failed");
        }));
        assertEquals(List.of("seen=true"), told);
        db.afterCommit(() -> told.add("alone"));
        assertEquals(List.of("seen=true", "alone"), told, "outside a unit: at once");
    }

    /** A code's send waits on the account row in a transaction of its own: inside a unit it could wait on itself. */
    @Test
    void codeSendWhenInsideAUnitThenRefusedAtOnceNotHung() {
        users.create(User.create("u5", "ed", now));
        JpaOneTimeCodeStore sends = new JpaOneTimeCodeStore(db);
        assertThrows(IllegalStateException.class, () -> db.run(() -> {
            users.update("u5", u -> u.withName("Ed", null, null)); // the unit holds the account row now
            return sends.recordSend("s1", "u5", now, 5);
        }));
        assertTrue(sends.recordSend("s2", "u5", now, 5), "outside a unit it goes");
    }

    /** What must count whatever becomes of the request commits by itself, even inside one. */
    @Test
    void ownTransactionWhenInsideAUnitThenCommittedEvenIfTheRequestFails() {
        PasswordThrottleStoreCheck.failureCounts(db, now);
    }

    @Test
    void unitWhenNestedThenTheOuterOneCommits() {
        long before = db.commits();
        db.run(() -> db.run(() -> {
            users.create(User.create("u3", "cy", now));
            return null;
        }));
        assertEquals(1, db.commits() - before);
        assertTrue(users.findById("u3").isPresent());
    }

    /** The password throttle's counts survive a failed request (they are what slows a guesser down). */
    static final class PasswordThrottleStoreCheck {
        static void failureCounts(Database db, Instant now) {
            dev.passgate.login.PasswordThrottle.Store throttle = JpaLoginStores.throttle(db);
            assertThrows(IllegalStateException.class, () -> db.run(() -> {
                throttle.attempt("key", now, n -> Optional.empty());
                throw new IllegalStateException("the request failed after the guess");
            }));
            assertEquals(1, throttle.get("key").failures(), "the guess still counts");
        }
    }
}
