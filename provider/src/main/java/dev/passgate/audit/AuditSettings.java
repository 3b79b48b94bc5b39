package dev.passgate.audit;

import java.time.Duration;

import dev.passgate.config.ConfigReader;

/**
 * The audit trail's settings, read once at start-up.
 *
 * @param retention {@code passgate.audit.retention} (400 days): events older than this are deleted by a purge that
 *                  runs on one node at a time
 */
public record AuditSettings(Duration retention) {

    public static AuditSettings read(ConfigReader config) {
        return new AuditSettings(config.duration("passgate.audit.retention", Duration.ofDays(400), Duration.ofDays(1),
                Duration.ofDays(3650)));
    }
}
