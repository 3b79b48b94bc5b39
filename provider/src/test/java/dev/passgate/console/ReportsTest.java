package dev.passgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaReportStore;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/** The report figures from a known, seeded set of events and passkeys on a real H2 database: exact numbers. */
class ReportsTest {
    static final String ICLOUD = "fbfc3007-154e-4ecc-8c0b-6e020557d7bd";
    static final String YUBIKEY = "cb69481e-8ff7-4039-93ec-0a2729a154a8";
    final Instant day1 = Instant.parse("2026-11-01T10:00:00Z");
    final Instant day2 = Instant.parse("2026-11-02T10:00:00Z");
    Database db;
    AuditLog log;
    Reports reports;

    @BeforeEach
    void seed() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        log = JpaLoginStores.audit(db);
        reports = new Reports(new JpaReportStore(db), new JpaReportStore(db), aaguid -> ICLOUD.equals(aaguid) ? "iCloud Keychain"
                : YUBIKEY.equals(aaguid) ? "YubiKey 5" : "Passkey");
        JpaUserStore users = new JpaUserStore(db);
        for (String u : List.of("u1", "u2", "u3", "u4")) {
            users.create(User.create(u, "name-" + u, day1));
        }
        users.create(User.create("gone", "gone", day1).withActive(false));
        passkey("p1", "u1", ICLOUD, true, true, day1);
        passkey("p2", "u1", ICLOUD, true, true, day2);       // u1's second: not a second adopter
        passkey("p3", "u2", YUBIKEY, false, false, day2);
        passkey("p4", "u3", ICLOUD, true, false, day2);

        event(day1, "login.success", "swk user mfa", "acr=urn:passgate:acr:phr ceremony=AUTOFILL", 3);
        event(day1, "login.success", "hwk user mfa", "acr=urn:passgate:acr:phr ceremony=BUTTON", 1);
        event(day2, "login.success", "swk user mfa", "acr=urn:passgate:acr:phr ceremony=AUTOMATIC", 2);
        event(day2, "login.success", "pwd otp mfa", "acr=urn:passgate:acr:mfa", 4);
        event(day2, "login.success", "pwd", "acr=urn:passgate:acr:pwd", 1);
        event(day1, "passkey.success", "VERIFIED", "credential=c synced=true", 1); // autofill: no time measured
        for (int ms : new int[] {5000, 1000, 4000, 2000, 3000}) {
            event(day1.plusMillis(ms), "passkey.success", "VERIFIED", "credential=c synced=true elapsedMs=" + ms, 1);
        }
        event(Instant.parse("2026-12-15T10:00:00Z"), "passkey.success", "VERIFIED", "elapsedMs=99000", 1); // outside
        event(day1, "passkey.failure", "passkey_not_found:NotAllowedError", "elapsedMs=900", 1);
        event(day2, "passkey.failure", "passkey_not_found:NotAllowedError", "elapsedMs=800", 1);
        event(day2, "passkey.failure", "cancelled:AbortError", "elapsedMs=100", 1);
        event(day1, "passkey.decision", "FALLBACK:NO_PASSKEYS", "", 4);
        event(day2, "passkey.decision", "FALLBACK:NO_WEBAUTHN", "", 1);
        event(day2, "passkey.decision", "START:SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR", "", 5);
        event(day1, "passkey.offer", "APPEND", "", 3);
        event(day1, "passkey.offer", "NONE", "", 2);
        event(day2, "passkey.offer", "HEAL", "", 1);
        event(day1, "passkey.registered", "APPEND", "", 2);
        event(day2, "passkey.registered", "HEAL", "", 1);
        event(day2, "passkey.registered", "ACCOUNT", "", 1);
        event(day1, "passkey.offer_skipped", "APPEND", "", 1);
        event(Instant.parse("2026-12-15T10:00:00Z"), "login.success", "pwd", "", 9); // outside the range
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void event(Instant at, String type, String outcome, String detail, int times) {
        for (int i = 0; i < times; i++) {
            log.record(new AuditEvent(at.plusSeconds(i), type, Optional.of("u1"), outcome, detail));
        }
    }

    private void passkey(String id, String user, String aaguid, boolean eligible, boolean synced, Instant created) {
        db.run(em -> em.createNativeQuery("INSERT INTO passkeys (credential_id, user_id, user_handle, attested_credential_data,"
                        + " sign_count, backup_eligible, backup_state, uv_initialized, aaguid, name, created_at)"
                        + " VALUES (?1, ?2, 'h', 'a', 0, ?3, ?4, TRUE, ?5, 'n', ?6)")
                .setParameter(1, id).setParameter(2, user).setParameter(3, eligible).setParameter(4, synced)
                .setParameter(5, aaguid).setParameter(6, java.sql.Timestamp.from(created)).executeUpdate());
    }

    private static Map<String, Long> figures(Reports.Report r, String chart) {
        return r.chart(chart).orElseThrow().figures().stream()
                .collect(Collectors.toMap(Reports.Figure::label, Reports.Figure::value, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void reportWhenSeededThenExactFigures() {
        Reports.Report r = reports.report(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-03T00:00:00Z"));
        assertEquals(4, r.activeAccounts(), "the deactivated account does not count");
        assertEquals(3, r.accountsWithPasskey());
        assertEquals(Optional.of(75), r.adoptionPercent());
        assertEquals(Optional.of(67), r.passkeySuccessPercent(), "6 verified of 9 ceremonies");
        assertEquals(Map.of("passkey automatic", 2L, "passkey autofill", 3L, "passkey button", 1L, "passkey immediate", 0L,
                "passkey", 0L, "password and code", 4L, "password alone", 1L), figures(r, "sign-ins"));
        assertEquals(Map.of("no_passkeys", 4L, "no_webauthn", 1L), figures(r, "fallbacks"));
        assertEquals(Map.of("offered", 4L, "created", 3L, "skipped", 1L, "healed", 1L, "added on the account page", 1L),
                figures(r, "offers"));
        assertEquals(Map.of("passkey_not_found", 2L, "cancelled", 1L), figures(r, "errors"));
        assertEquals(Map.of("2026-11-01", 1L, "2026-11-02", 2L), figures(r, "errors-by-day"));
        assertEquals(Map.of("synced", 2L, "can sync, not yet", 1L, "this device only", 1L), figures(r, "passkey-kinds"));
        assertEquals(Map.of("iCloud Keychain", 3L, "YubiKey 5", 1L), figures(r, "authenticators"));
        assertEquals(Map.of("2026-11-01", 1L, "2026-11-02", 3L), figures(r, "adoption"), "accounts holding a passkey by day");
        assertEquals(Map.of("median ms", 3000L, "p90 ms", 4600L), figures(r, "ceremony-time"),
                "1, 2, 3, 4, 5 s measured (the failures' reported times and autofill's wait are not ceremonies that verified)");
    }

    @Test
    void methodWhenAmrAndCeremonyThenTheReportsLabel() {
        assertEquals("passkey autofill", Reports.method("swk user mfa", "acr=x ceremony=AUTOFILL"));
        assertEquals("passkey", Reports.method("hwk user mfa", "acr=x"));
        assertEquals("password and code", Reports.method("pwd sms mfa", ""));
        assertEquals("password alone", Reports.method("pwd", ""));
        assertEquals("passkey_not_found", Reports.kind("passkey_not_found:NotAllowedError"));
    }
}
