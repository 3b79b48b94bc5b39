package dev.passgate.persistence;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import dev.passgate.account.AccountCeremony;
import dev.passgate.account.AccountCeremonyStore;

public class JpaAccountCeremonyStore implements AccountCeremonyStore {
    private final Database db;

    public JpaAccountCeremonyStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(AccountCeremony c) {
        try {
            write(c);
        } catch (jakarta.persistence.PersistenceException raced) { // a second click inserted the row first: update it
            write(c);
        }
    }

    private void write(AccountCeremony c) {
        db.run(em -> {
            AccountCeremonyEntity e = em.find(AccountCeremonyEntity.class, c.sid(), LockModeType.PESSIMISTIC_WRITE);
            boolean fresh = e == null;
            if (fresh) {
                e = new AccountCeremonyEntity();
                e.sid = c.sid();
            }
            e.userId = c.userId();
            e.challenge = c.challenge();
            e.userHandle = c.userHandle();
            e.validUntil = c.validUntil();
            if (fresh) {
                em.persist(e);
            }
        });
    }

    @Override
    public Optional<AccountCeremony> take(String sid) {
        // Row lock, then delete: of two answers racing on one challenge, only one finds it.
        return db.inTransaction(em -> {
            AccountCeremonyEntity e = em.find(AccountCeremonyEntity.class, sid, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return Optional.empty();
            }
            em.remove(e);
            return Optional.of(new AccountCeremony(e.sid, e.userId, e.challenge, e.userHandle, e.validUntil));
        });
    }

    @Override
    public int purge(Instant now) {
        return db.inTransaction(em -> em.createQuery("delete from AccountCeremonyEntity c where c.validUntil < :now")
                .setParameter("now", now).executeUpdate());
    }
}
