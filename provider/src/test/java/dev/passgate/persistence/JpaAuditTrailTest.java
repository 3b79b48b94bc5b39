package dev.passgate.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.audit.AuditContext;
import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.audit.AuditQuery;
import dev.passgate.audit.AuditRecord;
import dev.passgate.config.PassgateSettings.DatabaseSettings;

/** The trail on a real H2 database: the context each event carries, the filters, the export's pages, retention, the lease. */
class JpaAuditTrailTest {
    Database db;
    AuditLog log;
    JpaAuditTrail trail;
    final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        log = JpaLoginStores.audit(db);
        trail = new JpaAuditTrail(db);
    }

    @AfterEach
    void close() {
        AuditContext.end();
        db.close();
    }

    private void event(Instant at, String type, String user) {
        log.record(new AuditEvent(at, type, Optional.of(user), "OK", "d"));
    }

    @Test
    void recordWhenInARequestForALoginThenTheEventCarriesClientLoginNodeAndNetwork() {
        AuditContext.begin("203.0.113.0/24");
        AuditContext.login("0123456789abcdef0123456789abcdef", "web");
        event(t0, "login.success", "u1");
        AuditContext.end();
        event(t0.plusSeconds(1), "notice.sent", "u1"); // off a request: the node only
        List<AuditRecord> found = trail.search(new AuditQuery(t0, t0.plusSeconds(60), Optional.empty(), Optional.empty(),
                Optional.empty(), 10));
        assertEquals(2, found.size());
        AuditRecord inRequest = found.get(1);
        assertEquals(Optional.of("web"), inRequest.client());
        assertEquals(Optional.of("0123456789abcdef"), inRequest.login(), "16 hex digits: enough to follow one login");
        assertEquals(Optional.of("203.0.113.0/24"), inRequest.network());
        assertEquals(AuditContext.NODE, inRequest.node());
        assertEquals(Optional.empty(), found.get(0).client());
        assertEquals(Optional.empty(), found.get(0).network());
    }

    @Test
    void searchWhenFilteredByTimeTypeAccountAndClientThenOnlyThoseNewestFirst() {
        AuditContext.begin("198.51.100.0/24");
        AuditContext.login("aa", "web");
        event(t0, "login.success", "u1");
        event(t0.plusSeconds(10), "passkey.failure", "u1");
        AuditContext.login("bb", "spa");
        event(t0.plusSeconds(20), "login.success", "u2");
        event(t0.plusSeconds(3600), "login.success", "u1");
        AuditQuery all = new AuditQuery(t0, t0.plusSeconds(60), Optional.empty(), Optional.empty(), Optional.empty(), 100);
        assertEquals(List.of("login.success", "passkey.failure", "login.success"),
                trail.search(all).stream().map(r -> r.event().type()).toList(), "the hour later is outside the range");
        assertEquals(2, trail.search(new AuditQuery(t0, t0.plusSeconds(60), Optional.of("login.success"), Optional.empty(),
                Optional.empty(), 100)).size());
        assertEquals(2, trail.search(new AuditQuery(t0, t0.plusSeconds(60), Optional.empty(), Optional.of("u1"),
                Optional.empty(), 100)).size());
        assertEquals(List.of("u2"), trail.search(new AuditQuery(t0, t0.plusSeconds(60), Optional.empty(), Optional.empty(),
                Optional.of("spa"), 100)).stream().map(r -> r.event().userId().orElseThrow()).toList());
    }

    @Test
    void eachWhenMoreThanAPageThenEveryEventOnceOldestFirst() {
        int n = JpaAuditTrail.PAGE * 2 + 5;
        for (int i = 0; i < n; i++) {
            event(t0.plusMillis(i / 3), "login.success", "u" + i); // three to a millisecond: ties ordered by id
        }
        List<String> seen = new ArrayList<>();
        trail.each(new AuditQuery(t0, t0.plusSeconds(60), Optional.empty(), Optional.empty(), Optional.empty(), 0),
                r -> seen.add(r.event().userId().orElseThrow()));
        assertEquals(n, seen.size());
        assertEquals(n, seen.stream().distinct().count(), "no event twice across pages");
    }

    @Test
    void purgeBeforeWhenRetentionPassedThenOnlyOlderEventsGo() {
        event(t0, "login.success", "old");
        event(t0.plus(Duration.ofDays(10)), "login.success", "new");
        assertEquals(1, trail.purgeBefore(t0.plus(Duration.ofDays(5))));
        assertEquals(List.of("new"), trail.search(new AuditQuery(t0, t0.plus(Duration.ofDays(20)), Optional.empty(),
                Optional.empty(), Optional.empty(), 10)).stream().map(r -> r.event().userId().orElseThrow()).toList());
    }

    @Test
    void leaseWhenHeldByOneNodeThenOthersSkipUntilItExpires() {
        JpaJobLease lease = new JpaJobLease(db);
        assertTrue(lease.acquire("audit-retention", "a", t0, Duration.ofMinutes(4)));
        assertFalse(lease.acquire("audit-retention", "b", t0.plusSeconds(60), Duration.ofMinutes(4)), "a holds it");
        assertTrue(lease.acquire("audit-retention", "a", t0.plusSeconds(120), Duration.ofMinutes(4)), "the holder renews");
        assertTrue(lease.acquire("audit-retention", "b", t0.plusSeconds(120 + 240), Duration.ofMinutes(4)), "expired: b takes it");
        assertFalse(lease.acquire("audit-retention", "a", t0.plusSeconds(400), Duration.ofMinutes(4)));
    }
}
