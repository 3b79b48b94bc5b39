package dev.passgate.persistence;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import dev.passgate.recovery.RecoveryAttempt;
import dev.passgate.recovery.RecoveryStore;

public class JpaRecoveryStore implements RecoveryStore {
    private final Database db;

    public JpaRecoveryStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(RecoveryAttempt a) {
        RecoveryEntity e = new RecoveryEntity();
        e.idHash = a.idHash();
        e.userId = a.userId().orElse(null);
        e.stamp = a.stamp().orElse(null);
        e.createdAt = a.createdAt();
        e.expiresAt = a.expiresAt();
        e.attempts = a.attempts();
        e.verifiedAt = a.verifiedAt().orElse(null);
        e.link = a.link();
        db.run(em -> {
            if (a.link()) { // one live link per account: a new one ends the older ones
                // The account row serialises two agents issuing at once: the later one's delete sees the earlier link.
                em.find(UserEntity.class, e.userId, LockModeType.PESSIMISTIC_WRITE);
                em.createQuery("delete from RecoveryEntity r where r.userId = :user and r.link = true")
                        .setParameter("user", e.userId).executeUpdate();
            }
            em.persist(e);
        });
    }

    @Override
    public Optional<RecoveryAttempt> find(String idHash) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(RecoveryEntity.class, idHash)).map(JpaRecoveryStore::attempt));
    }

    @Override
    public Optional<RecoveryAttempt> spendAttempt(String idHash, int max) {
        return db.inTransaction(em -> {
            RecoveryEntity e = em.find(RecoveryEntity.class, idHash, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || e.attempts >= max) {
                return Optional.empty();
            }
            e.attempts++;
            return Optional.of(attempt(e));
        });
    }

    @Override
    public boolean markVerified(String idHash, Instant at) {
        return db.inTransaction(em -> em.createQuery("update RecoveryEntity r set r.verifiedAt = :at"
                        + " where r.idHash = :id and r.verifiedAt is null")
                .setParameter("at", at).setParameter("id", idHash).executeUpdate() == 1);
    }

    @Override
    public boolean delete(String idHash) {
        return db.inTransaction(em -> em.createQuery("delete from RecoveryEntity r where r.idHash = :id")
                .setParameter("id", idHash).executeUpdate() == 1);
    }

    @Override
    public int purge(Instant now) {
        return db.inTransaction(em -> em.createQuery("delete from RecoveryEntity r where r.expiresAt < :now")
                .setParameter("now", now).executeUpdate());
    }

    private static RecoveryAttempt attempt(RecoveryEntity e) {
        return new RecoveryAttempt(e.idHash, Optional.ofNullable(e.userId), Optional.ofNullable(e.stamp), e.createdAt,
                e.expiresAt, e.attempts, Optional.ofNullable(e.verifiedAt), e.link);
    }
}
