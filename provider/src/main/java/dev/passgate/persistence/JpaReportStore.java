package dev.passgate.persistence;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.passgate.console.ReportStore;

/**
 * The reports' aggregates as SQL that runs unchanged on H2 and PostgreSQL, on the indexes of
 * {@code audit_events (event_type, occurred_at)} and {@code passkeys (user_id)}. Days are UTC days:
 * each connection's time zone is UTC for these queries.
 */
public class JpaReportStore implements ReportStore, ReportStore.Timings {
    private final Database db;

    public JpaReportStore(Database db) {
        this.db = db;
    }

    @Override
    public List<TypeCount> counts(java.util.Set<String> types, Instant from, Instant to) {
        return db.inTransaction(em -> em.createQuery("select a.eventType, a.outcome, count(a) from AuditEventEntity a"
                        + " where a.eventType in :t and a.occurredAt >= :from and a.occurredAt < :to group by a.eventType, a.outcome",
                        Object[].class)
                .setParameter("t", types).setParameter("from", from).setParameter("to", to).getResultStream()
                .map(r -> new TypeCount((String) r[0], (String) r[1], ((Number) r[2]).longValue())).toList());
    }

    @Override
    public List<Count> details(String type, Instant from, Instant to) {
        return db.inTransaction(em -> em.createQuery("select a.outcome, a.detail, count(a) from AuditEventEntity a"
                        + " where a.eventType = :t and a.occurredAt >= :from and a.occurredAt < :to group by a.outcome, a.detail",
                        Object[].class)
                .setParameter("t", type).setParameter("from", from).setParameter("to", to).getResultStream()
                .map(r -> new Count((String) r[0], r[1] == null ? "" : (String) r[1], ((Number) r[2]).longValue())).toList());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<DayCount> perDay(String type, Instant from, Instant to) {
        // The day as text: a java.sql.Date would be read back in the JVM's zone, a day early west of UTC.
        return db.inTransaction(em -> ((List<Object[]>) em.createNativeQuery("SELECT CAST(CAST(occurred_at AS DATE) AS VARCHAR(10)),"
                        + " '', COUNT(*) FROM audit_events WHERE event_type = ?1 AND occurred_at >= ?2 AND occurred_at < ?3"
                        + " GROUP BY CAST(CAST(occurred_at AS DATE) AS VARCHAR(10)) ORDER BY 1")
                .setParameter(1, type).setParameter(2, java.sql.Timestamp.from(from)).setParameter(3, java.sql.Timestamp.from(to))
                .getResultList()).stream()
                .map(r -> new DayCount(day(r[0]), (String) r[1], ((Number) r[2]).longValue())).toList());
    }

    @Override
    public List<PasskeyCount> passkeys() {
        return db.inTransaction(em -> em.createQuery("select p.aaguid, p.backupEligible, p.backupState, count(p) from PasskeyEntity p"
                        + " group by p.aaguid, p.backupEligible, p.backupState", Object[].class).getResultStream()
                .map(r -> new PasskeyCount(String.valueOf(r[0]), (Boolean) r[1], (Boolean) r[2], ((Number) r[3]).longValue()))
                .toList());
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<DayCount> firstPasskeyPerDay() {
        return db.inTransaction(em -> ((List<Object[]>) em.createNativeQuery("SELECT CAST(CAST(f AS DATE) AS VARCHAR(10)), COUNT(*) FROM"
                        + " (SELECT MIN(p.created_at) AS f FROM passkeys p JOIN users u ON u.id = p.user_id WHERE u.active = TRUE"
                        + " GROUP BY p.user_id) firsts GROUP BY CAST(CAST(f AS DATE) AS VARCHAR(10)) ORDER BY 1")
                .getResultList()).stream().map(r -> new DayCount(day(r[0]), "", ((Number) r[1]).longValue())).toList());
    }

    @Override
    public long activeAccounts() {
        return db.inTransaction(em -> em.createQuery("select count(u) from UserEntity u where u.active = true", Long.class)
                .getSingleResult());
    }

    @Override
    public Spread ceremonyTime(Instant from, Instant to) {
        // PERCENTILE_CONT ... WITHIN GROUP: the same on H2 and PostgreSQL; elapsed_ms is set only where one was measured.
        Object[] r = db.inTransaction(em -> (Object[]) em.createNativeQuery("SELECT COUNT(elapsed_ms),"
                        + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY elapsed_ms), PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY elapsed_ms)"
                        + " FROM audit_events WHERE event_type = ?1 AND occurred_at >= ?2 AND occurred_at < ?3 AND elapsed_ms IS NOT NULL")
                .setParameter(1, "passkey.success").setParameter(2, java.sql.Timestamp.from(from))
                .setParameter(3, java.sql.Timestamp.from(to)).getSingleResult());
        long n = ((Number) r[0]).longValue();
        return n == 0 ? new Spread(0, 0, 0)
                : new Spread(n, Math.round(((Number) r[1]).doubleValue()), Math.round(((Number) r[2]).doubleValue()));
    }

    private static LocalDate day(Object value) {
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        return LocalDate.parse(String.valueOf(value).substring(0, 10));
    }
}
