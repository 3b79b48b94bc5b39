package dev.passgate.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.DeliverySettings;
import dev.passgate.config.Mode;
import dev.passgate.config.SettingsException;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaDevOutboxStore;

class DeliveriesTest {
    static final String EMAIL = "ada@example.com";
    static final String PHONE = "+44 7700 900000";

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    Database db;
    JpaDevOutboxStore outbox;

    @BeforeEach
    void open() {
        db = TestDatabase.open();
        outbox = new JpaDevOutboxStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static DeliverySettings settings(Optional<String> smtpHost, Optional<URI> smsUrl) {
        return new DeliverySettings(smtpHost, 587, Optional.empty(), Optional.empty(), true, "passgate@example.com",
                smsUrl, smsUrl.map(u -> "secret"));
    }

    Deliveries deliveries(Mode mode, Optional<String> smtpHost, Optional<URI> smsUrl) {
        return Deliveries.forSettings(settings(smtpHost, smsUrl), mode, OtpSettings.defaults(), outbox, clock);
    }

    @Test
    void forSettingsWhenProductionWithoutAnyChannelThenRefusedNamingBothKeys() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> deliveries(Mode.PRODUCTION, Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("production mode needs passgate.mail.smtp.host or passgate.sms.webhook-url"),
                e.getMessage());
    }

    @Test
    void availableChannelsWhenProductionWithSmtpOnlyThenEmailOnlyAndNoOutbox() {
        Deliveries d = deliveries(Mode.PRODUCTION, Optional.of("smtp.example.com"), Optional.empty());
        assertEquals(Set.of(Channel.EMAIL), d.availableChannels(EMAIL, PHONE));
        assertEquals(Set.of(), d.availableChannels(null, PHONE));
        assertTrue(d.devOutbox().isEmpty());
        assertThrows(DeliveryException.class, () -> d.deliver(Channel.SMS, "+447700900000", new CodeMessage("", "code", "")));
    }

    @Test
    void availableChannelsWhenSmsConfiguredThenOnlyForAccountsWithAValidPhone() {
        Deliveries d = deliveries(Mode.PRODUCTION, Optional.empty(), Optional.of(URI.create("https://sms.example.com/send")));
        assertEquals(Set.of(Channel.SMS), d.availableChannels(EMAIL, PHONE));
        assertEquals(Set.of(), d.availableChannels(EMAIL, "n/a"));
    }

    @Test
    void availableChannelsWhenDevWithoutConfigurationThenOutboxServesBoth() {
        Deliveries d = deliveries(Mode.DEV, Optional.empty(), Optional.empty());
        assertEquals(Set.of(Channel.EMAIL, Channel.SMS), d.availableChannels(EMAIL, PHONE));
        assertEquals(Set.of(Channel.EMAIL), d.availableChannels(EMAIL, null));
        assertEquals(Set.of(), d.availableChannels("", " "));
        assertTrue(d.devOutbox().isPresent());
    }

    @Test
    void deliverWhenDevOutboxThenKeptInDatabaseAndLoggedWithMaskedDestination() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(DevOutbox.class.getName());
        log.addHandler(capture);
        try {
            Deliveries d = deliveries(Mode.DEV, Optional.empty(), Optional.empty());
            d.deliver(Channel.EMAIL, EMAIL, new CodeMessage("", "Your Passgate verification code is 123456.", ""));
            List<OutboxMessage> recent = d.devOutbox().orElseThrow().recent();
            assertEquals(List.of(new OutboxMessage(clock.instant(), Channel.EMAIL, EMAIL,
                    "Your Passgate verification code is 123456.")), recent);
            assertTrue(logged.stream().anyMatch(m -> m.startsWith("DEV OUTBOX: code for a\u2022\u2022\u2022@example.com")),
                    logged.toString());
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void devOutboxWhenMoreThanFiftyMessagesThenOnlyTheNewestFiftyKept() {
        DevOutbox o = new DevOutbox(new JpaDevOutboxStore(db), clock);
        for (int i = 0; i < 55; i++) {
            o.deliver(Channel.SMS, "+447700900000", new CodeMessage("", "message " + i, ""));
            clock.advance(Duration.ofSeconds(1));
        }
        List<OutboxMessage> recent = o.recent();
        assertEquals(50, recent.size());
        assertEquals("message 54", recent.get(0).message());
        assertEquals("message 5", recent.get(49).message());
    }
}
