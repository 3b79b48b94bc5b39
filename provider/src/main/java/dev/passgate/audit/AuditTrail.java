package dev.passgate.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Reading and retiring the audit trail (writing it is {@link AuditLog}). */
public interface AuditTrail {

    /** Newest first, at most {@code query.limit()}. */
    List<AuditRecord> search(AuditQuery query);

    /** Every match, oldest first, handed over in pages (for an export of any size without holding it in memory). */
    void each(AuditQuery query, Consumer<AuditRecord> sink);

    /** Deletes events older than {@code cutoff}; returns how many. */
    int purgeBefore(Instant cutoff);
}
