package dev.passgate.passkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.passkey.PasskeyStore.DuplicateCredentialException;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/** The passkey store on a real (in-memory) H2 database, with the real migrations. */
class JpaPasskeyStoreTest {
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    Database db;
    JpaUserStore users;
    JpaPasskeyStore store;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        users = new JpaUserStore(db);
        users.create(User.create("ada", "ada", now));
        users.create(User.create("grace", "grace", now));
        store = new JpaPasskeyStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void addWhenStoredThenFoundEqualAndListedNewestFirst() {
        Passkey older = passkey(1, "ada", now.minusSeconds(60));
        Passkey newer = passkey(2, "ada", now);
        store.add(older);
        store.add(newer);

        assertEquals(older, store.find(older.credentialId()).orElseThrow());
        assertEquals(List.of(newer, older), store.forUser("ada"));
        assertEquals(2, store.countForUser("ada"));
        assertEquals(List.of(), store.forUser("grace"));
        assertArrayEquals(handle("ada"), store.userHandle("ada").orElseThrow());
        assertTrue(store.userHandle("grace").isEmpty());
    }

    @Test
    void addWhenCredentialIdTakenByAnyAccountThenDuplicate() {
        store.add(passkey(1, "ada", now));

        assertThrows(DuplicateCredentialException.class, () -> store.add(passkey(1, "ada", now)));
        assertThrows(DuplicateCredentialException.class, () -> store.add(passkey(1, "grace", now)));
        assertEquals(0, store.countForUser("grace"));
    }

    @Test
    void addWhenAccountAtLimitThenRefusedAndParallelAddsNeverExceedIt() throws Exception {
        store.add(passkey(1, "ada", now), 2);
        assertThrows(PasskeyStore.LimitReachedException.class, () -> {
            store.add(passkey(2, "ada", now), 2);
            store.add(passkey(3, "ada", now), 2);
        });
        assertEquals(2, store.countForUser("ada"));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> racing = new java.util.ArrayList<>();
            for (int i = 10; i < 18; i++) {
                int n = i;
                racing.add(pool.submit(() -> {
                    try {
                        store.add(passkey(n, "grace", now), 3);
                    } catch (PasskeyStore.LimitReachedException expected) {
                        // the losers of the race
                    }
                }));
            }
            for (var f : racing) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(3, store.countForUser("grace"), "eight parallel registrations, a limit of three");
    }

    @Test
    void recordUseWhenCounterLowerThanStoredThenHighestKept() {
        Passkey p = passkey(1, "ada", now);
        store.add(p);

        store.recordUse(p.credentialId(), 9, true, now.plusSeconds(5));
        store.recordUse(p.credentialId(), 7, false, now.plusSeconds(6));

        Passkey used = store.find(p.credentialId()).orElseThrow();
        assertEquals(9, used.signCount());
        assertFalse(used.backupState());
        assertEquals(now.plusSeconds(6), used.lastUsedAt());
        store.recordUse(new CredentialId(new byte[] {99}), 1, false, now); // deleted meanwhile: nothing to do
    }

    @Test
    void replaceWhenAtLimitThenCountKeptAndOldGone() {
        Passkey old = passkey(1, "ada", now.minusSeconds(60));
        store.add(old);
        store.add(passkey(2, "ada", now));

        store.replace(old.credentialId(), passkey(3, "ada", now.plusSeconds(1)));

        assertEquals(2, store.countForUser("ada"));
        assertTrue(store.find(old.credentialId()).isEmpty());
        assertEquals(id(3), store.forUser("ada").get(0).credentialId());
    }

    @Test
    void replaceWhenNewIdTakenOrOldNotTheAccountsThenNothingChanges() {
        Passkey old = passkey(1, "ada", now);
        store.add(old);
        store.add(passkey(2, "grace", now));

        assertThrows(DuplicateCredentialException.class, () -> store.replace(old.credentialId(), passkey(2, "ada", now)));
        assertThrows(IllegalArgumentException.class, () -> store.replace(id(2), passkey(3, "ada", now)));
        assertThrows(IllegalArgumentException.class, () -> store.replace(id(9), passkey(3, "ada", now)));

        assertTrue(store.find(old.credentialId()).isPresent(), "the delete was rolled back with the failed add");
        assertEquals(1, store.countForUser("grace"));
        assertTrue(store.find(id(3)).isEmpty());
    }

    @Test
    void deleteWhenAccountDeletedThenItsPasskeysGoToo() {
        store.add(passkey(1, "ada", now));
        store.add(passkey(2, "ada", now));
        assertTrue(store.delete(id(1)));
        assertFalse(store.delete(id(1)));

        users.delete("ada");

        assertTrue(store.find(id(2)).isEmpty());
    }

    static CredentialId id(int n) {
        return new CredentialId(new byte[] {(byte) n, 7, 7, 7});
    }

    static byte[] handle(String userId) {
        byte[] handle = new byte[32];
        byte[] name = userId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(name, 0, handle, 0, name.length);
        return handle;
    }

    Passkey passkey(int n, String userId, Instant createdAt) {
        return new Passkey(id(n), userId, handle(userId), new byte[] {1, 2, 3, (byte) n}, 0, Set.of("internal", "hybrid"),
                true, false, true, UUID.randomUUID(), "Passkey " + n, createdAt, null, Passkey.Origin.SIGN_IN);
    }
}
