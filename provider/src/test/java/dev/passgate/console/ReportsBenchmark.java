package dev.passgate.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaReportStore;

/**
 * Issue 12: the reports page's figures for one million audit events, timed. Seeds the events (a realistic mix over
 * 30 days: sign-ins by method, decisions, failures by kind, offers) into the database given, or an in-memory H2,
 * then computes the whole report five times and prints the times. Not a test: run it by hand —
 * {@code java -cp provider/target/test-classes:provider/target/classes:$(cat provider/cp.txt) dev.passgate.console.ReportsBenchmark [events] [jdbc-url user password]}
 * (the class path as for {@code RenderBenchmark}, README "Pages").
 */
public final class ReportsBenchmark {
    private static final String[][] MIX = {
            {"login.success", "swk user mfa", "acr=urn:passgate:acr:phr ceremony=AUTOFILL"},
            {"login.success", "swk user mfa", "acr=urn:passgate:acr:phr ceremony=AUTOMATIC"},
            {"login.success", "hwk user mfa", "acr=urn:passgate:acr:phr ceremony=BUTTON"},
            {"login.success", "pwd otp mfa", "acr=urn:passgate:acr:mfa"},
            {"passkey.success", "VERIFIED", "credential=x synced=true"},
            {"passkey.failure", "passkey_not_found:NotAllowedError", "elapsedMs=900 state=PASSKEY"},
            {"passkey.failure", "cancelled:AbortError", "elapsedMs=120 state=PASSKEY"},
            {"passkey.decision", "START:SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR", "capabilities=x probe=complete passkeys=1"},
            {"passkey.decision", "FALLBACK:NO_PASSKEYS", "capabilities=x probe=complete passkeys=0"},
            {"passkey.offer", "APPEND", ""},
            {"passkey.registered", "APPEND", ""},
            {"passkey.offer_skipped", "APPEND", ""},
            {"password.success", "VERIFIED", ""},
            {"otp.send", "SENT", "channel=EMAIL"},
    };

    private ReportsBenchmark() {
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        DatabaseSettings settings = args.length > 3 ? new DatabaseSettings(args[1], args[2], args[3], 4)
                : new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        try (Database db = Database.open(settings)) {
            Instant end = Instant.parse("2026-12-01T00:00:00Z");
            long t0 = System.nanoTime();
            long present = db.inTransaction(em -> ((Number) em.createNativeQuery("SELECT COUNT(*) FROM audit_events")
                    .getSingleResult()).longValue());
            if (present < events) { // a database seeded by an earlier run is used as it is
                seed(db, events, end);
            }
            System.out.printf("ReportsBenchmark: %,d audit events %s in %.1f s (%s)%n", Math.max(events, present),
                    present < events ? "seeded" : "already there", (System.nanoTime() - t0) / 1e9, settings.url().replaceAll(";.*", ""));
            Reports reports = new Reports(new JpaReportStore(db), new JpaReportStore(db), aaguid -> "Passkey");
            long[] ms = new long[5];
            Reports.Report last = null;
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                last = reports.report(end.minus(Duration.ofDays(30)), end);
                ms[i] = (System.nanoTime() - t) / 1_000_000;
            }
            Arrays.sort(ms);
            System.out.printf("ReportsBenchmark: the whole report over 30 days of %,d events: median %d ms, best %d ms, worst %d ms"
                    + " (sign-ins counted: %,d)%n", events, ms[2], ms[0], ms[4], last.chart("sign-ins").orElseThrow().total());
        }
    }

    private static void seed(Database db, int events, Instant end) {
        Random random = new Random(12);
        int batch = 1000;
        for (int done = 0; done < events; done += batch) {
            StringBuilder sql = new StringBuilder("INSERT INTO audit_events (id, occurred_at, event_type, user_id, outcome, detail) VALUES ");
            int n = Math.min(batch, events - done);
            for (int i = 0; i < n; i++) {
                String[] e = MIX[random.nextInt(MIX.length)];
                Instant at = end.minusSeconds(random.nextInt(30 * 24 * 3600));
                sql.append(i == 0 ? "" : ",").append("('").append(UUID.randomUUID()).append("', TIMESTAMP WITH TIME ZONE '")
                        .append(at.toString().replace('T', ' ').replace("Z", "+00:00")).append("', '").append(e[0])
                        .append("', NULL, '").append(e[1]).append("', '").append(e[2]).append("')");
            }
            db.run(em -> em.createNativeQuery(sql.toString()).executeUpdate());
        }
    }

    static List<String> types() {
        return Arrays.stream(MIX).map(m -> m[0]).distinct().toList();
    }
}
