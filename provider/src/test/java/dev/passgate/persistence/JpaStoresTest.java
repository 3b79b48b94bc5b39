package dev.passgate.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.protocol.keys.SigningKeys;
import dev.passgate.protocol.token.Grant;
import dev.passgate.protocol.token.IssuedAccessToken;
import dev.passgate.protocol.token.IssuedCode;
import dev.passgate.protocol.token.IssuedRefreshToken;
import dev.passgate.security.KeyVault;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/** The JPA stores on a real (in-memory) H2 database, with the real migrations. */
class JpaStoresTest {
    Database db;
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void usersWhenUsernameOrEmailTakenInAnyCaseThenDuplicateRefused() {
        JpaUserStore users = new JpaUserStore(db);
        User ada = users.create(User.create("1", "Ada", now).withEmail("ada@example.com", true));
        assertEquals("Ada", users.findByIdentifier("ADA@EXAMPLE.COM").orElseThrow().username());
        assertEquals("1", users.findByIdentifier(" ada ").orElseThrow().id());
        assertThrows(UserStore.DuplicateUserException.class, () -> users.create(User.create("2", "ada", now)));
        assertThrows(UserStore.DuplicateUserException.class, () -> users.create(User.create("3", "ada@example.com", now)));
        users.create(User.create("4", "grace", now));
        assertThrows(UserStore.DuplicateUserException.class,
                () -> users.update("4", u -> u.withEmail("Ada@example.com", false)));
        assertEquals(Optional.empty(), users.findById("4").map(User::email).filter(e -> e != null));
        assertEquals(2, users.count());
        assertTrue(users.delete(ada.id()));
        assertFalse(users.delete(ada.id()));
    }

    @Test
    void codeWhenRedeemedTwiceThenSecondSeesItUsed() {
        JpaGrantStore grants = new JpaGrantStore(db);
        Grant grant = grant("g1");
        grants.saveGrantWithCode(grant, new IssuedCode("h1", "g1", "web", "https://app.example/cb", Optional.empty(),
                Optional.empty(), Optional.of("n"), now.plusSeconds(60), Optional.empty()));
        IssuedCode stolen = grants.redeemCode("h1", "other-client", now).orElseThrow();
        assertTrue(stolen.usedAt().isEmpty());
        IssuedCode first = grants.redeemCode("h1", "web", now).orElseThrow();
        assertTrue(first.usedAt().isEmpty());
        assertEquals(Optional.of("n"), first.nonce());
        assertTrue(first.usedAt().isEmpty(), "another client's attempt did not burn the code");
        IssuedCode second = grants.redeemCode("h1", "web", now.plusSeconds(1)).orElseThrow();
        assertEquals(Optional.of(now), second.usedAt());
        assertTrue(grants.redeemCode("unknown", "web", now).isEmpty());
    }

    @Test
    void grantWhenRevokedThenItsAccessTokensRevokedToo() {
        JpaGrantStore grants = new JpaGrantStore(db);
        grants.saveGrant(grant("g2"));
        grants.saveTokens(new IssuedAccessToken("jti-1", Optional.of("g2"), "web", "u1", "openid", now.plusSeconds(600),
                Optional.empty()), Optional.of(new IssuedRefreshToken("r1", "g2", "web", "openid", now,
                now.plus(Duration.ofDays(1)), Optional.empty())));
        assertEquals(Optional.of("g2"), grants.revokeGrant("g2", now).map(Grant::id), "this call ended it");
        assertTrue(grants.revokeGrant("g2", now.plusSeconds(1)).isEmpty(), "ended already: nothing for the trail");
        assertTrue(grants.revokeGrant("no-such-grant", now).isEmpty());
        grants.saveTokens(new IssuedAccessToken("jti-2", Optional.empty(), "rs", "rs", "scim", now.plusSeconds(600),
                Optional.empty()), Optional.empty());
        assertTrue(grants.revokeAccessToken("jti-2", now), "this call ended it");
        assertFalse(grants.revokeAccessToken("jti-2", now.plusSeconds(1)), "ended already: nothing for the trail");
        assertFalse(grants.revokeAccessToken("no-such-jti", now));
        assertTrue(grants.findAccessToken("jti-1").orElseThrow().revokedAt().isPresent());
        assertFalse(grants.findGrant("g2").orElseThrow().isUsableAt(now));
        assertTrue(grants.redeemRefreshToken("r1", "web", now).orElseThrow().usedAt().isEmpty());
        assertTrue(grants.redeemRefreshToken("r1", "web", now).orElseThrow().usedAt().isPresent());
    }

    /**
     * Two agents making a recovery link for one account at the same time leave one live link, not two: the second
     * waits for the first to commit (here the first is held open inside a request's one transaction), then ends it.
     */
    @Test
    void recoveryLinksWhenMadeAtOnceThenOneLiveLinkPerAccount() throws Exception {
        new JpaUserStore(db).create(User.create("u9", "nine", now));
        JpaRecoveryStore recoveries = new JpaRecoveryStore(db);
        java.util.function.Function<String, dev.passgate.recovery.RecoveryAttempt> link = hash -> new dev.passgate.recovery.RecoveryAttempt(
                hash, Optional.of("u9"), Optional.of("stamp"), now, now.plus(Duration.ofHours(24)), 0, Optional.empty(), true);
        java.util.concurrent.CompletableFuture<Void> second = new java.util.concurrent.CompletableFuture<>();
        db.run(() -> {
            recoveries.save(link.apply("first")); // written, not yet committed
            new Thread(() -> {
                try {
                    recoveries.save(link.apply("second"));
                    second.complete(null);
                } catch (RuntimeException e) {
                    second.completeExceptionally(e);
                }
            }).start();
            try {
                second.get(300, java.util.concurrent.TimeUnit.MILLISECONDS); // without the lock it is done by now
            } catch (Exception stillWaiting) {
                // with it, it waits for this commit
            }
            return null;
        });
        second.get(5, java.util.concurrent.TimeUnit.SECONDS);
        List<String> live = db.inTransaction(em -> em.createQuery(
                "select r.idHash from RecoveryEntity r where r.userId = 'u9' and r.link = true", String.class).getResultList());
        assertEquals(List.of("second"), live, "the later link ends the earlier one");
    }

    @Test
    void purgeWhenExpiredThenRemovedAndLiveKept() {
        JpaGrantStore grants = new JpaGrantStore(db);
        grants.saveGrant(grant("live"));
        grants.saveTokens(new IssuedAccessToken("old", Optional.empty(), "svc", "svc", "scim", now.minusSeconds(1),
                Optional.empty()), Optional.empty());
        assertTrue(grants.rememberAssertion("a1", now.minusSeconds(1)));
        assertFalse(grants.rememberAssertion("a1", now.plusSeconds(60)), "a replayed assertion id is refused");
        int purged = grants.purge(now);
        assertEquals(2, purged);
        assertTrue(grants.findAccessToken("old").isEmpty());
        assertTrue(grants.findGrant("live").isPresent());
        assertTrue(grants.rememberAssertion("a1", now.plusSeconds(60)), "forgotten once expired");
    }

    @Test
    void signingKeysWhenRotatedThenNewActiveAndOldPublishedUntilRemoval() {
        KeyVault vault = new KeyVault(Secrets.randomBytes(32));
        JpaSigningKeyStore store = new JpaSigningKeyStore(db, vault);
        SigningKeys keys = new SigningKeys(store, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC));
        keys.ensureActiveKeys();
        var old = keys.current(JWSAlgorithm.RS256);
        String oldRs = old.key().kid();
        String oldEs = keys.current(JWSAlgorithm.ES256).key().kid();
        assertSame(old.signer(), keys.current(JWSAlgorithm.RS256).signer(), "an active key's signer is made once, at start-up");
        List<String> active = keys.rotate();
        var next = keys.current(JWSAlgorithm.RS256);
        assertNotEquals(oldRs, next.key().kid());
        assertNotSame(old.signer(), next.signer(), "the retired key signs nothing new");
        assertSame(next.signer(), keys.current(JWSAlgorithm.RS256).signer());
        assertEquals(2, active.size());
        assertEquals(1L, (long) db.inTransaction(em -> em.createQuery(
                "select count(k) from SigningKeyEntity k where k.alg = 'RS256' and k.retiredAt is null", Long.class)
                .getSingleResult()), "one active key per algorithm, retired and replaced in one transaction");
        assertTrue(keys.publicKeys().getKeyByKeyId(oldRs) != null, "retired key still published");
        assertFalse(keys.publicKeys().getKeyByKeyId(oldEs).isPrivate(), "only public parts are published");

        SigningKeys later = new SigningKeys(store, Duration.ofMinutes(10), Clock.fixed(now.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertTrue(later.publicKeys().getKeyByKeyId(oldRs) == null, "removed once its tokens have expired");
        assertEquals(2, later.publicKeys().getKeys().size());
    }

    /**
     * Requests that hold every connection of the pool (here both of two) and then sign a token while the keys are due
     * for a re-read: the re-read must use the request's own connection. Asking for a second one, each would wait for
     * the others' until the pool's 10 s timeout (seen with 64 logins on a pool of 16, again and again).
     */
    @Test
    void signingKeysWhenReReadInsideRequestsHoldingEveryConnectionThenNoWaitForAnother() throws Exception {
        dev.passgate.otp.MutableClock clock = new dev.passgate.otp.MutableClock(now);
        SigningKeys keys = new SigningKeys(new JpaSigningKeyStore(db, new KeyVault(Secrets.randomBytes(32))),
                Duration.ofMinutes(10), clock);
        keys.ensureActiveKeys();
        clock.advance(Duration.ofMinutes(1)); // the snapshot is stale: the next signature re-reads
        JpaUserStore users = new JpaUserStore(db);
        java.util.concurrent.CyclicBarrier bothHoldAConnection = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            List<java.util.concurrent.Future<String>> signed = new java.util.ArrayList<>();
            for (String id : List.of("k1", "k2")) {
                signed.add(two.submit(() -> db.run(() -> {
                    users.create(User.create(id, "user-" + id, now)); // written: this request holds a connection now
                    try {
                        bothHoldAConnection.await(5, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return keys.current(JWSAlgorithm.RS256).key().kid();
                })));
            }
            for (var f : signed) {
                assertTrue(f.get(20, java.util.concurrent.TimeUnit.SECONDS) != null);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "took " + millis + " ms: a request waited for a second connection");
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void signingKeysWhenStoredThenPrivatePartEncryptedAtRest() {
        KeyVault vault = new KeyVault(Secrets.randomBytes(32));
        new SigningKeys(new JpaSigningKeyStore(db, vault), Duration.ofMinutes(10), Clock.systemUTC()).ensureActiveKeys();
        List<String> stored = db.inTransaction(em -> em.createQuery("select k.privateJwk from SigningKeyEntity k", String.class)
                .getResultList());
        assertEquals(2, stored.size());
        stored.forEach(s -> {
            assertTrue(s.startsWith("v1:"));
            assertFalse(s.contains("\"d\""), "no private exponent in clear");
        });
    }

    private Grant grant(String id) {
        return new Grant(id, "web", Optional.of("u1"), "openid", Optional.of("sid"), now, List.of("pwd"), "acr", now,
                now.plus(Duration.ofDays(30)), Optional.empty());
    }
}
