package dev.passgate.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of the audit trail. {@code type} says what was decided or attempted
 * (e.g. {@code passkey.decision}), {@code outcome} how it ended and why (e.g. {@code START:USED_ON_THIS_DEVICE}).
 * Never holds a secret.
 */
public record AuditEvent(Instant at, String type, Optional<String> userId, String outcome, String detail) {
}
