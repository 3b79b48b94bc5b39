package dev.passgate.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.SettingsException;

class OtpSettingsTest {

    static ConfigReader config(Map<String, String> values) {
        return new ConfigReader(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void readWhenNothingSetThenDocumentedDefaults() {
        OtpSettings s = OtpSettings.read(config(Map.of()));
        assertEquals(Duration.ofMinutes(5), s.ttl());
        assertEquals(5, s.maxAttempts());
        assertEquals(Duration.ofSeconds(30), s.resendAfter());
        assertEquals(5, s.maxSendsPerHour());
        assertEquals(Duration.ofSeconds(5), s.smsTimeout());
        assertEquals(OtpSettings.defaults(), s);
    }

    @Test
    void readWhenValuesSetThenUsed() {
        OtpSettings s = OtpSettings.read(config(Map.of("passgate.otp.ttl", "PT10M", "passgate.otp.max-attempts", "3",
                "passgate.otp.resend-after", "60", "passgate.otp.max-sends-per-hour", "10",
                "passgate.otp.sms-timeout", "PT2S")));
        assertEquals(new OtpSettings(Duration.ofMinutes(10), 3, Duration.ofMinutes(1), 10, Duration.ofSeconds(2)), s);
    }

    @Test
    void readWhenTtlAboveTenMinutesThenRefusedNamingTheKey() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> OtpSettings.read(config(Map.of("passgate.otp.ttl", "PT11M"))));
        assertTrue(e.getMessage().contains("passgate.otp.ttl"), e.getMessage());
    }

    @Test
    void readWhenResendAfterNotShorterThanTtlThenRefused() {
        SettingsException e = assertThrows(SettingsException.class, () -> OtpSettings.read(config(Map.of(
                "passgate.otp.ttl", "PT2M", "passgate.otp.resend-after", "PT2M"))));
        assertTrue(e.getMessage().contains("passgate.otp.resend-after"), e.getMessage());
    }

    @Test
    void readWhenAttemptsOrCapOutOfRangeThenRefused() {
        assertThrows(SettingsException.class, () -> OtpSettings.read(config(Map.of("passgate.otp.max-attempts", "0"))));
        assertThrows(SettingsException.class, () -> OtpSettings.read(config(Map.of("passgate.otp.max-attempts", "11"))));
        assertThrows(SettingsException.class,
                () -> OtpSettings.read(config(Map.of("passgate.otp.max-sends-per-hour", "many"))));
        assertThrows(SettingsException.class, () -> OtpSettings.read(config(Map.of("passgate.otp.sms-timeout", "PT1M"))));
    }
}
