package dev.passgate.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.passgate.notify.Notice;
import dev.passgate.notify.NoticeStore;

public class JpaNoticeStore implements NoticeStore {
    private final Database db;

    public JpaNoticeStore(Database db) {
        this.db = db;
    }

    @Override
    public void add(Notice n) {
        NoticeEntity e = new NoticeEntity();
        e.id = n.id();
        e.userId = n.userId();
        e.kind = n.kind().name();
        e.passkeyName = cut(n.passkeyName(), 200);
        e.replacedName = n.replaced().map(r -> cut(r, 200)).orElse(null);
        e.sync = n.sync().orElse(null);
        e.browser = cut(n.browser(), 100);
        e.createdAt = n.at();
        e.nextAttemptAt = n.at();
        db.run(em -> em.persist(e));
    }

    @Override
    public List<Queued> claimDue(Instant now, Instant leaseUntil, int max) {
        return db.inTransaction(em -> {
            List<NoticeEntity> due = em.createQuery("select n from NoticeEntity n where n.nextAttemptAt <= :now"
                            + " and (n.claimedUntil is null or n.claimedUntil < :now) order by n.nextAttemptAt, n.id", NoticeEntity.class)
                    .setParameter("now", now).setMaxResults(max).getResultList();
            List<Queued> claimed = new ArrayList<>();
            for (NoticeEntity e : due) {
                // Claimed only if no other node claimed it since our read.
                int won = em.createQuery("update NoticeEntity n set n.claimedUntil = :lease where n.id = :id"
                                + " and (n.claimedUntil is null or n.claimedUntil < :now)")
                        .setParameter("lease", leaseUntil).setParameter("id", e.id).setParameter("now", now).executeUpdate();
                if (won == 1) {
                    claimed.add(new Queued(new Notice(e.id, e.userId, Notice.Kind.valueOf(e.kind), e.passkeyName,
                            Optional.ofNullable(e.replacedName), e.browser, e.createdAt, Optional.ofNullable(e.sync)), e.attempts));
                }
            }
            return claimed;
        });
    }

    @Override
    public void sent(String id, Instant lease, Instant at) {
        db.run(em -> em.createQuery("update NoticeEntity n set n.sentAt = :at, n.nextAttemptAt = null, n.claimedUntil = null"
                + " where n.id = :id and n.claimedUntil = :lease").setParameter("at", at).setParameter("id", id)
                .setParameter("lease", lease).executeUpdate());
    }

    @Override
    public void failed(String id, Instant lease, Optional<Instant> retryAt) {
        db.run(em -> em.createQuery("update NoticeEntity n set n.attempts = n.attempts + 1, n.nextAttemptAt = :retry,"
                + " n.claimedUntil = null where n.id = :id and n.claimedUntil = :lease").setParameter("retry", retryAt.orElse(null))
                .setParameter("id", id).setParameter("lease", lease).executeUpdate());
    }

    @Override
    public int purge(Instant before) {
        return db.inTransaction(em -> em.createQuery("delete from NoticeEntity n where n.nextAttemptAt is null and n.createdAt < :before")
                .setParameter("before", before).executeUpdate());
    }

    private static String cut(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
