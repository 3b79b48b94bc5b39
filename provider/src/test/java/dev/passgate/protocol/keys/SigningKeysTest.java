package dev.passgate.protocol.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import dev.passgate.otp.MutableClock;

/** What makes a node re-read its keys, and what it signs with when a key cannot sign. The database's side is JpaStoresTest's. */
class SigningKeysTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final CountingStore store = new CountingStore();

    @Test
    void publicKeysIncludingWhenMadeUpKidsSprayedThenAtMostOneReadPerGap() {
        SigningKeys keys = new SigningKeys(store, Duration.ofMinutes(10), clock);
        keys.ensureActiveKeys();
        int before = store.reads.get();
        for (int i = 0; i < 1_000; i++) { // a thousand made-up kids over one second
            assertNull(keys.publicKeysIncluding("made-up-" + i).getKeyByKeyId("made-up-" + i));
            clock.advance(Duration.ofMillis(1));
        }
        assertTrue(store.reads.get() - before <= 2, "reads: " + (store.reads.get() - before));
    }

    @Test
    void publicKeysIncludingWhenAnotherNodeRotatedThenItsNewKeySeenAtOnce() {
        SigningKeys here = new SigningKeys(store, Duration.ofMinutes(10), clock);
        here.ensureActiveKeys();
        clock.advance(SigningKeys.FORCED_RELOAD_GAP);
        SigningKeys there = new SigningKeys(store, Duration.ofMinutes(10), clock);
        there.rotate();
        String newKid = there.current(JWSAlgorithm.RS256).key().kid();
        assertNotNull(here.publicKeysIncluding(newKid).getKeyByKeyId(newKid), "a token the other node signed verifies here");
    }

    @Test
    void currentWhenTheOnlyKeyCannotSignThenAClearErrorLoggedOnceAndAGoodKeyPickedUpOnTheNextRead() throws Exception {
        // An RSA key labelled ES256: no signer can be made for it (a damaged row, say).
        store.add(new SigningKey("broken", JWSAlgorithm.ES256, new RSAKeyGenerator(2048).keyID("broken").generate(),
                clock.instant(), null, null));
        store.add(new SigningKey("rs", JWSAlgorithm.RS256, new RSAKeyGenerator(2048).keyID("rs").generate(),
                clock.instant(), null, null));
        List<LogRecord> severe = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { if (r.getLevel() == Level.SEVERE) severe.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger log = Logger.getLogger(SigningKeys.class.getName());
        log.addHandler(capture);
        try {
            SigningKeys keys = new SigningKeys(store, Duration.ofMinutes(10), clock);
            keys.ensureActiveKeys();
            for (int i = 0; i < 3; i++) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> keys.current(JWSAlgorithm.ES256));
                assertTrue(e.getMessage().contains("no usable active ES256 signing key"), e.getMessage());
                clock.advance(SigningKeys.REFRESH.plusSeconds(1)); // each call a full reload
            }
            assertEquals(1, severe.size(), "logged once, not at every reload");
            assertTrue(severe.get(0).getMessage().contains("broken"));
            assertEquals("rs", keys.current(JWSAlgorithm.RS256).key().kid(), "the other algorithm still signs");
            assertNotNull(keys.publicKeys().getKeyByKeyId("broken"), "still published: tokens it signed before verify");

            SigningKeys operator = new SigningKeys(store, Duration.ofMinutes(10), clock);
            operator.rotate(); // the fix the log asks for, on another node
            clock.advance(SigningKeys.FORCED_RELOAD_GAP);
            SigningKeys.Active es = keys.current(JWSAlgorithm.ES256);
            assertNotEquals("broken", es.key().kid(), "picked up by the read the miss forced, not 30 s later");
            assertNotNull(es.signer());
        } finally {
            log.removeHandler(capture);
        }
    }

    /** A database that stops answering does not stop signing: the keys read before serve, and it is asked again later. */
    @Test
    void currentWhenTheStoreFailsThenTheLastGoodKeysServeAndARetryFollowsAfterTheGap() {
        SigningKeys keys = new SigningKeys(store, Duration.ofMinutes(10), clock);
        keys.ensureActiveKeys();
        String kid = keys.current(JWSAlgorithm.RS256).key().kid();
        store.failing = true;
        clock.advance(SigningKeys.REFRESH.plusSeconds(1));
        int before = store.reads.get();
        for (int i = 0; i < 100; i++) {
            assertEquals(kid, keys.current(JWSAlgorithm.RS256).key().kid());
            assertNull(keys.publicKeysIncluding("made-up-" + i).getKeyByKeyId("made-up-" + i));
        }
        assertEquals(1, store.reads.get() - before, "one failed read, not one per request");
        store.failing = false;
        clock.advance(SigningKeys.FORCED_RELOAD_GAP);
        keys.current(JWSAlgorithm.RS256);
        assertEquals(2, store.reads.get() - before, "asked again once the gap has passed");
    }

    @Test
    void toStringWhenLoggedThenNoPrivatePart() throws Exception {
        SigningKey key = new SigningKey("k1", JWSAlgorithm.RS256, new RSAKeyGenerator(2048).keyID("k1").generate(),
                clock.instant(), null, null);
        assertTrue(key.toString().contains("k1"));
        assertTrue(!key.toString().contains("\"d\"") && !key.toString().contains(key.jwk().toRSAKey().getPrivateExponent().toString()),
                key.toString());
    }

    /** The store port in memory, counting reads; the JPA store is tested against a database in JpaStoresTest. */
    private static final class CountingStore implements SigningKeyStore {
        final List<SigningKey> keys = new ArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile boolean failing;

        @Override
        public synchronized List<SigningKey> all() {
            reads.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("the database does not answer");
            }
            List<SigningKey> newestFirst = new ArrayList<>(keys);
            Collections.reverse(newestFirst);
            return newestFirst;
        }

        @Override
        public synchronized void add(SigningKey key) {
            keys.add(key);
        }

        @Override
        public synchronized void replaceActive(SigningKey next, Instant removeAfter) {
            keys.replaceAll(k -> k.isActive() && k.alg().equals(next.alg())
                    ? new SigningKey(k.kid(), k.alg(), k.jwk(), k.createdAt(), next.createdAt(), removeAfter) : k);
            keys.add(next);
        }

        @Override
        public synchronized int purge(Instant now) {
            int before = keys.size();
            keys.removeIf(k -> !k.isPublishedAt(now));
            return before - keys.size();
        }
    }
}
