package dev.passgate.persistence;

import java.sql.SQLException;

/**
 * Whether a failed write lost a race to a unique index (SQLSTATE class 23: integrity constraint
 * violation), as opposed to anything else a write can meet — an outage, a lock timeout. Only the
 * first may be answered as "already exists"; the rest must travel on (a lost database is a 503).
 */
final class UniqueViolation {
    private UniqueViolation() {
    }

    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}
