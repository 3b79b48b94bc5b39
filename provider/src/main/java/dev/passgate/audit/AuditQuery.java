package dev.passgate.audit;

import java.time.Instant;
import java.util.Optional;

/** A search of the trail: a time range (from inclusive, to exclusive), and optionally a type, an account, a client. */
public record AuditQuery(Instant from, Instant to, Optional<String> type, Optional<String> userId, Optional<String> client,
                         int limit) {
}
