package dev.passgate.persistence;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

/**
 * One node at a time for a periodic job: the node that takes a job's lease runs it until the lease
 * expires; the others skip it. Taken under a row lock, so two nodes never both hold it.
 */
public class JpaJobLease {
    private final Database db;

    public JpaJobLease(Database db) {
        this.db = db;
    }

    /** @return whether {@code holder} now holds {@code job} until {@code now + ttl} */
    public boolean acquire(String job, String holder, Instant now, Duration ttl) {
        try {
            return db.inTransaction(em -> {
                JobLeaseEntity lease = em.find(JobLeaseEntity.class, job, LockModeType.PESSIMISTIC_WRITE);
                if (lease == null) {
                    lease = new JobLeaseEntity();
                    lease.name = job;
                    lease.holder = holder;
                    lease.expiresAt = now.plus(ttl);
                    em.persist(lease);
                    return true;
                }
                if (lease.holder.equals(holder) || !now.isBefore(lease.expiresAt)) {
                    lease.holder = holder;
                    lease.expiresAt = now.plus(ttl);
                    return true;
                }
                return false;
            });
        } catch (PersistenceException e) {
            if (UniqueViolation.is(e)) {
                return false; // another node made the row first: it holds the lease
            }
            throw e;
        }
    }
}
