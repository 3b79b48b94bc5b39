package dev.passgate.audit;

import java.util.List;

/** The audit trail: append-only. */
public interface AuditLog {

    void record(AuditEvent event);

    /** The newest events of a type, newest first: for reports and tests. */
    List<AuditEvent> recent(String type, int limit);
}
