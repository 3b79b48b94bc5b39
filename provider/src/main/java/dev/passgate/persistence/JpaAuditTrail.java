package dev.passgate.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditQuery;
import dev.passgate.audit.AuditRecord;
import dev.passgate.audit.AuditTrail;

/** The audit trail read by time range and filters (on the time, type, account and client indexes) and retired by age. */
public class JpaAuditTrail implements AuditTrail {
    static final int PAGE = 1000;

    private final Database db;

    public JpaAuditTrail(Database db) {
        this.db = db;
    }

    @Override
    public List<AuditRecord> search(AuditQuery q) {
        return db.inTransaction(em -> query(em, q, "desc").setMaxResults(Math.max(1, q.limit())).getResultStream()
                .map(JpaAuditTrail::record).toList());
    }

    @Override
    public void each(AuditQuery q, Consumer<AuditRecord> sink) {
        // Keyset pages by (time, id): stable while new events arrive, and never an offset scan.
        Instant afterAt = null;
        String afterId = "";
        while (true) {
            Instant at = afterAt;
            String id = afterId;
            List<AuditEventEntity> page = db.inTransaction(em -> {
                TypedQuery<AuditEventEntity> query = query(em, q, "asc", at, id);
                return query.setMaxResults(PAGE).getResultList();
            });
            page.forEach(e -> sink.accept(record(e)));
            if (page.size() < PAGE) {
                return;
            }
            afterAt = page.get(page.size() - 1).occurredAt;
            afterId = page.get(page.size() - 1).id;
        }
    }

    /** In batches of {@value #PURGE_BATCH}: a first purge over years of events is many short transactions, not one long lock. */
    @Override
    public int purgeBefore(Instant cutoff) {
        int total = 0;
        while (true) {
            List<String> ids = db.inTransaction(em -> em.createQuery("select a.id from AuditEventEntity a where a.occurredAt < :cutoff",
                    String.class).setParameter("cutoff", cutoff).setMaxResults(PURGE_BATCH).getResultList());
            if (ids.isEmpty()) {
                return total;
            }
            total += db.inTransaction(em -> em.createQuery("delete from AuditEventEntity a where a.id in :ids")
                    .setParameter("ids", ids).executeUpdate());
        }
    }

    static final int PURGE_BATCH = 5000;

    private static TypedQuery<AuditEventEntity> query(EntityManager em, AuditQuery q, String order) {
        return query(em, q, order, null, "");
    }

    private static TypedQuery<AuditEventEntity> query(EntityManager em, AuditQuery q, String order, Instant afterAt, String afterId) {
        StringBuilder jpql = new StringBuilder("select a from AuditEventEntity a where a.occurredAt >= :from and a.occurredAt < :to");
        q.type().ifPresent(t -> jpql.append(" and a.eventType = :type"));
        q.userId().ifPresent(u -> jpql.append(" and a.userId = :user"));
        q.client().ifPresent(c -> jpql.append(" and a.clientId = :client"));
        if (afterAt != null) {
            // The plain bound lets the index start at the page's first time, not at the range's, on every page.
            jpql.append(" and a.occurredAt >= :afterAt and (a.occurredAt > :afterAt or a.id > :afterId)");
        }
        jpql.append(" order by a.occurredAt ").append(order).append(", a.id ").append(order);
        TypedQuery<AuditEventEntity> query = em.createQuery(jpql.toString(), AuditEventEntity.class)
                .setParameter("from", q.from()).setParameter("to", q.to());
        q.type().ifPresent(t -> query.setParameter("type", t));
        q.userId().ifPresent(u -> query.setParameter("user", u));
        q.client().ifPresent(c -> query.setParameter("client", c));
        if (afterAt != null) {
            query.setParameter("afterAt", afterAt).setParameter("afterId", afterId);
        }
        return query;
    }

    private static AuditRecord record(AuditEventEntity e) {
        return new AuditRecord(new AuditEvent(e.occurredAt, e.eventType, Optional.ofNullable(e.userId), e.outcome, e.detail),
                Optional.ofNullable(e.clientId), Optional.ofNullable(e.loginId), e.node == null ? "" : e.node,
                Optional.ofNullable(e.network));
    }
}
