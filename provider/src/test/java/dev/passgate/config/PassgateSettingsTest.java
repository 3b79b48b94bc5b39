package dev.passgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PassgateSettingsTest {

    static ConfigReader config(Map<String, String> values) {
        return new ConfigReader(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void readWhenNothingSetThenDevDefaults() {
        PassgateSettings s = PassgateSettings.read(config(Map.of()));
        assertEquals(Mode.DEV, s.mode());
        assertEquals("http://localhost:8080", s.issuerString());
        assertTrue(s.database().url().startsWith("jdbc:h2:file:"));
        assertTrue(s.database().url().endsWith("/data/passgate"), s.database().url());
        assertFalse(s.cookiesSecure(), "dev mode serves plain http://localhost");
        assertEquals(Duration.ofSeconds(60), s.tokens().codeTtl());
        assertTrue(s.demoUser());
        assertTrue(s.tokens().nativeSigning(), "the native signer where it loads");
        assertFalse(PassgateSettings.read(config(Map.of("passgate.tokens.native-signing", "false"))).tokens().nativeSigning());
    }

    /** Issue 9: dev mode only on this machine, unless asked for by name. */
    @Test
    void readWhenModeUnsetAndIssuerIsNotLocalThenStartUpRefusedNamingPassgateMode() {
        SettingsException e = assertThrows(SettingsException.class, () -> PassgateSettings.read(config(Map.of(
                "passgate.issuer", "https://login.example.com"))));
        assertTrue(e.getMessage().contains("passgate.mode") && e.getMessage().contains("production"), e.getMessage());
        assertEquals(Mode.DEV, PassgateSettings.read(config(Map.of("passgate.issuer", "http://localhost:9090"))).mode());
        assertEquals(Mode.DEV, PassgateSettings.read(config(Map.of("passgate.issuer", "http://app.localhost:9090"))).mode());
        assertEquals(Mode.DEV, PassgateSettings.read(config(Map.of("passgate.issuer", "https://test.example.com",
                "passgate.mode", "dev"))).mode(), "dev on purpose stays possible");
        assertTrue(!PassgateSettings.isLoopbackHost("localhost.example.com"));
    }

    /** Issue 9: in production the codes never cross the network in clear. */
    @Test
    void deliveryWhenProductionWithPlainSmtpOrHttpWebhookThenRefusedUnlessInsecureOnPurpose() {
        Map<String, String> production = Map.of("passgate.mode", "production", "passgate.issuer", "https://login.example.com",
                "passgate.secret", "c2hhcmVkLWNsdXN0ZXItc2VjcmV0LWZvci10aGUtdGVzdHMtb25seQ==");
        PassgateSettings core = PassgateSettings.read(config(production));
        Map<String, String> plainSmtp = new java.util.HashMap<>(production);
        plainSmtp.putAll(Map.of("passgate.mail.smtp.host", "mail.example.com", "passgate.mail.smtp.starttls", "false"));
        SettingsException smtp = assertThrows(SettingsException.class, () -> DeliverySettings.read(config(plainSmtp), core));
        assertTrue(smtp.getMessage().contains("passgate.mail.smtp.starttls"), smtp.getMessage());
        plainSmtp.put("passgate.mail.smtp.insecure", "true");
        assertTrue(DeliverySettings.read(config(plainSmtp), core).smtpHost().isPresent(), "on purpose: allowed");
        Map<String, String> httpSms = new java.util.HashMap<>(production);
        httpSms.putAll(Map.of("passgate.sms.webhook-url", "http://sms.example.com/send", "passgate.sms.webhook-secret", "s3cr3t"));
        SettingsException sms = assertThrows(SettingsException.class, () -> DeliverySettings.read(config(httpSms), core));
        assertTrue(sms.getMessage().contains("passgate.sms.webhook-url") && sms.getMessage().contains("https"), sms.getMessage());
    }

    @Test
    void readWhenIssuerIsAnIpAddressThenRefusedNamingTheKey() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> PassgateSettings.read(config(Map.of("passgate.issuer", "http://127.0.0.1:8080"))));
        assertTrue(e.getMessage().contains("passgate.issuer"));
        assertTrue(e.getMessage().contains("host name"));
    }

    @Test
    void readWhenProductionWithoutSecretOrHttpsThenRefused() {
        SettingsException secret = assertThrows(SettingsException.class, () -> PassgateSettings.read(config(Map.of(
                "passgate.mode", "production", "passgate.issuer", "https://id.example.com"))));
        assertTrue(secret.getMessage().contains("passgate.secret"));
        SettingsException https = assertThrows(SettingsException.class, () -> PassgateSettings.read(config(Map.of(
                "passgate.mode", "production", "passgate.issuer", "http://id.example.com",
                "passgate.secret", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="))));
        assertTrue(https.getMessage().contains("https"));
    }

    @Test
    void readWhenProductionThenSecureCookiesAndNoDemoUser() {
        PassgateSettings s = PassgateSettings.read(config(Map.of("passgate.mode", "production",
                "passgate.issuer", "https://id.example.com",
                "passgate.secret", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=")));
        assertTrue(s.cookiesSecure());
        assertFalse(s.demoUser());
    }

    @Test
    void readWhenValueMalformedThenMessageNamesKeyAndValue() {
        assertMessage(Map.of("passgate.mode", "staging"), "passgate.mode", "staging");
        assertMessage(Map.of("passgate.tokens.code-ttl", "soon"), "passgate.tokens.code-ttl", "soon");
        assertMessage(Map.of("passgate.tokens.code-ttl", "3600"), "passgate.tokens.code-ttl", "between");
        assertMessage(Map.of("passgate.db.pool-size", "0"), "passgate.db.pool-size", "between");
        assertMessage(Map.of("passgate.db.url", "jdbc:mysql://db/x"), "passgate.db.url", "PostgreSQL");
        assertMessage(Map.of("passgate.secret", "c2hvcnQ="), "passgate.secret", "32 bytes");
        assertMessage(Map.of("passgate.cookies.secure", "maybe"), "passgate.cookies.secure", "true or false");
        assertMessage(Map.of("passgate.issuer", "localhost:8080"), "passgate.issuer", "absolute");
    }

    @Test
    void durationWhenIsoOrSecondsThenBothAccepted() {
        PassgateSettings s = PassgateSettings.read(config(Map.of("passgate.session.ttl", "PT2H",
                "passgate.tokens.access-ttl", "300")));
        assertEquals(Duration.ofHours(2), s.sessionTtl());
        assertEquals(Duration.ofMinutes(5), s.tokens().accessTtl());
    }

    @Test
    void deliveryAndWebAuthnWhenInconsistentThenRefused() {
        PassgateSettings core = PassgateSettings.read(config(Map.of()));
        assertThrows(SettingsException.class, () -> DeliverySettings.read(config(Map.of(
                "passgate.sms.webhook-url", "https://sms.example/send")), core));
        SettingsException origin = assertThrows(SettingsException.class, () -> WebAuthnSettings.read(config(Map.of(
                "passgate.webauthn.origins", "https://evil.example")), core));
        assertTrue(origin.getMessage().contains("passgate.webauthn.origins"));
        WebAuthnSettings ok = WebAuthnSettings.read(config(Map.of()), core);
        assertEquals("localhost", ok.rpId());
        assertEquals("http://localhost:8080", ok.origins().get(0));
    }

    private static void assertMessage(Map<String, String> values, String key, String fragment) {
        SettingsException e = assertThrows(SettingsException.class, () -> PassgateSettings.read(config(values)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
