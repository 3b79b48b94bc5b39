package dev.passgate.observe;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;

/**
 * Every audit event also counts in {@code passgate_events_total{event, outcome}}, served in
 * Prometheus format by the server's MicroProfile Metrics ({@code /metrics?scope=application}):
 * logins by method and result ({@code login.success}, {@code password.failure}...), passkey errors
 * by kind ({@code passkey.failure}), fallbacks and decisions ({@code passkey.decision}), codes sent
 * and their failures by catalogue code ({@code otp.send}), passkeys made by offer kind
 * ({@code passkey.registered}). Codes also count by channel in {@code passgate_codes_total{channel,
 * result}} (channel {@code email}, {@code sms} or {@code other}), for sends and resends at login.
 *
 * <p>The outcome label keeps only the catalogue part before any {@code :}: the rest may come from
 * the browser (a DOMException name), and a label an attacker can vary would grow the registry
 * without bound.
 */
public final class CountingAuditLog implements AuditLog {
    static final String NAME = "passgate_events";
    static final String CODES = "passgate_codes";
    private static final java.util.Set<String> CODE_EVENTS = java.util.Set.of("otp.send", "otp.resend");
    private static final java.util.regex.Pattern CHANNEL = java.util.regex.Pattern.compile("channel=(EMAIL|SMS)\\b");
    private static final int MAX_LABEL = 48;

    private final AuditLog trail;
    private final MetricRegistry registry;
    private final dev.passgate.transaction.OneTransaction transaction;

    /** @param transaction counted once the event is committed: a request that rolled back counts nothing */
    public CountingAuditLog(AuditLog trail, MetricRegistry registry, dev.passgate.transaction.OneTransaction transaction) {
        this.trail = trail;
        this.registry = registry;
        this.transaction = transaction;
    }

    @Override
    public void record(AuditEvent event) {
        trail.record(event);
        transaction.afterCommit(() -> count(event));
    }

    private void count(AuditEvent event) {
        registry.counter(NAME, new Tag("event", label(event.type())), new Tag("outcome", label(outcome(event.outcome())))).inc();
        if (CODE_EVENTS.contains(event.type())) {
            java.util.regex.Matcher channel = CHANNEL.matcher(event.detail() == null ? "" : event.detail());
            registry.counter(CODES, new Tag("channel", channel.find() ? channel.group(1).toLowerCase(Locale.ROOT) : "other"),
                    new Tag("result", label(outcome(event.outcome())))).inc();
        }
    }

    @Override
    public List<AuditEvent> recent(String type, int limit) {
        return trail.recent(type, limit);
    }

    @Override
    public List<AuditEvent> recentFor(String userId, java.util.Set<String> types, int limit) {
        return trail.recentFor(userId, types, limit);
    }

    static String outcome(String outcome) {
        String o = outcome == null ? "" : outcome;
        int colon = o.indexOf(':');
        // "START:SYNCED_..." keeps its reason (a fixed set); "no_passkey_on_device:NotAllowedError" drops the browser's part.
        return colon < 0 || o.startsWith("START:") || o.startsWith("OFFER:") || o.startsWith("FALLBACK:") ? o : o.substring(0, colon);
    }

    static String label(String value) {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.:-]", "_");
        return v.length() > MAX_LABEL ? v.substring(0, MAX_LABEL) : v;
    }
}
