package dev.passgate.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * An audit event as the trail keeps it: the event and the context it was written in.
 *
 * @param login   the first 16 hex digits of the login transaction's id hash, for following one login
 * @param network the client's anonymised network (IPv4 /24, IPv6 /48), never the address
 */
public record AuditRecord(AuditEvent event, Optional<String> client, Optional<String> login, String node,
                          Optional<String> network) {
}
