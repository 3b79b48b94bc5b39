package dev.passgate.audit;

import java.util.List;

/** The audit trail: append-only. */
public interface AuditLog {

    void record(AuditEvent event);

    /** The newest events of a type, newest first: for reports and tests. */
    List<AuditEvent> recent(String type, int limit);

    /** The account's newest events of the given types, newest first: its "recent activity". */
    List<AuditEvent> recentFor(String userId, java.util.Set<String> types, int limit);
}
