package dev.passgate.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;

/**
 * Which counter an audit event moves, and that no label comes from the browser. The registry is the
 * server's (Payara's MicroProfile Metrics, checked end to end in ProxyIT); here a recorder stands in
 * for it, since the labels are this class's whole job.
 */
class CountingAuditLogTest {
    final List<String> counted = new ArrayList<>();
    final List<AuditEvent> trail = new ArrayList<>();

    final MetricRegistry registry = (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MetricRegistry.class}, (p, m, a) -> {
                if (m.getName().equals("counter") && a.length == 2 && a[1] instanceof Tag[] tags) {
                    String key = a[0] + Arrays.toString(Arrays.stream(tags).map(t -> t.getTagName() + "=" + t.getTagValue()).toArray());
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Counter.class}, (p2, m2, a2) -> {
                        if (m2.getName().equals("inc")) {
                            counted.add(key);
                        }
                        return null;
                    });
                }
                throw new AssertionError("unexpected " + m.getName());
            });
    final AuditLog log = new CountingAuditLog(new AuditLog() {
        @Override public void record(AuditEvent event) { trail.add(event); }
        @Override public List<AuditEvent> recent(String type, int limit) { return trail; }
        @Override public List<AuditEvent> recentFor(String userId, java.util.Set<String> types, int limit) { return trail; }
    }, registry, new dev.passgate.transaction.OneTransaction() { // no unit here: at once, as outside a request's transaction
            @Override public <T> T run(java.util.function.Supplier<T> work) { return work.get(); }
            @Override public void afterCommit(Runnable effect) { effect.run(); }
    });

    private void record(String type, String outcome) {
        log.record(new AuditEvent(Instant.parse("2026-12-01T10:00:00Z"), type, Optional.of("u1"), outcome, "detail"));
    }

    @Test
    void recordWhenEventsThenStoredAndCountedByTypeAndCatalogueOutcome() {
        record("login.success", "swk user mfa");
        record("passkey.decision", "START:SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR");
        record("otp.send", "SENT");
        assertEquals(3, trail.size(), "the trail keeps every event");
        assertEquals(List.of("passgate_events[event=login.success, outcome=swk_user_mfa]",
                "passgate_events[event=passkey.decision, outcome=start:synced_passkey_and_platform_authenticator]",
                "passgate_events[event=otp.send, outcome=sent]", "passgate_codes[channel=other, result=sent]"), counted);
    }

    /** Codes count by channel too, from the trail's detail; a channel the detail does not name is "other". */
    @Test
    void codeEventsWhenSentOrRefusedThenCountedByChannelAndResult() {
        log.record(new AuditEvent(Instant.parse("2026-12-01T10:00:00Z"), "otp.send", Optional.of("u1"), "SENT", "channel=SMS"));
        log.record(new AuditEvent(Instant.parse("2026-12-01T10:00:01Z"), "otp.send", Optional.of("u1"), "delivery_failed",
                "channel=EMAIL"));
        log.record(new AuditEvent(Instant.parse("2026-12-01T10:00:02Z"), "otp.resend", Optional.of("u1"), "SENT", "channel=FAX"));
        assertTrue(counted.contains("passgate_codes[channel=sms, result=sent]"), counted.toString());
        assertTrue(counted.contains("passgate_codes[channel=email, result=delivery_failed]"), counted.toString());
        assertTrue(counted.contains("passgate_codes[channel=other, result=sent]"), counted.toString());
    }

    /** A failure report's DOMException name is the browser's text: it never becomes a label. */
    @Test
    void outcomeWhenItCarriesTheBrowsersWordsThenOnlyTheCatalogueCodeCounts() {
        record("passkey.failure", "no_passkey_on_device:AnyNameAnAttackerLikes" + "x".repeat(500));
        record("passkey.failure", "no_passkey_on_device:NotAllowedError");
        assertEquals(2, counted.stream().filter("passgate_events[event=passkey.failure, outcome=no_passkey_on_device]"::equals).count());
        assertEquals(48, CountingAuditLog.label("y".repeat(100)).length());
        assertEquals("a_b", CountingAuditLog.label("a\nb"));
    }
}
