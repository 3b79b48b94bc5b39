package dev.passgate.otp;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

import dev.passgate.config.DeliverySettings;
import dev.passgate.otp.SendRefusedException.Reason;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaOneTimeCodeStore;
import dev.passgate.security.Secrets;

/** Codes by email through a real SMTP exchange with GreenMail on a free port. */
class EmailDeliveryTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer", "s3cret"));

    static DeliverySettings settings(int port) {
        return new DeliverySettings(Optional.of("127.0.0.1"), port, Optional.of("mailer"), Optional.of("s3cret"),
                false, "passgate@example.com", Optional.empty(), Optional.empty());
    }

    @Test
    void deliverWhenSmtpServerAcceptsThenPlainTextMessageWithCodeSenderAndSubject() throws Exception {
        EmailDelivery email = new EmailDelivery(settings(SMTP.getSmtp().getPort()), Duration.ofSeconds(5));
        email.deliver(Channel.EMAIL, "ada@example.com", CodeMessage.forCode(Locale.ENGLISH, "otp", "123456", 5));

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage m = received[0];
        assertEquals("ada@example.com", m.getRecipients(Message.RecipientType.TO)[0].toString());
        assertEquals("passgate@example.com", m.getFrom()[0].toString());
        assertEquals("Your Passgate verification code", m.getSubject());
        assertTrue(m.isMimeType("text/plain"), m.getContentType());
        String body = (String) m.getContent();
        assertTrue(body.contains("123456"), body);
        assertTrue(body.contains("valid for 5 minutes"), body);
        assertTrue(body.contains("If you did not try to sign in, you can ignore this email."), body);
    }

    @Test
    void sendWhenByEmailThenReceivedCodeVerifies() throws Exception {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (Database db = TestDatabase.open()) {
            String ada = TestDatabase.createUser(db, "ada", now);
            JpaOneTimeCodeStore rows = new JpaOneTimeCodeStore(db);
            OneTimeCodes codes = new OneTimeCodes(rows, rows, OtpSettings.defaults(),
                    Secrets.randomBytes(32), new EmailDelivery(settings(SMTP.getSmtp().getPort()), Duration.ofSeconds(5)),
                    new MutableClock(now));
            Sent sent = codes.send("flow-1", ada, Channel.EMAIL, "ada@example.com", Locale.ENGLISH);
            assertEquals("a\u2022\u2022\u2022@example.com", sent.maskedDestination());

            String body = (String) SMTP.getReceivedMessages()[0].getContent();
            String code = new RecordingDelivery.Delivered(Channel.EMAIL, "ada@example.com", body).code();
            assertEquals(Check.valid(), codes.verify("flow-1", code));
        }
    }

    @Test
    void deliverWhenNoSmtpServerListensThenDeliveryException() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        EmailDelivery email = new EmailDelivery(settings(closedPort), Duration.ofSeconds(2));
        assertThrows(DeliveryException.class, () -> email.deliver(Channel.EMAIL, "ada@example.com", new CodeMessage("s", "code 123456", "f")));
    }

    @Test
    void sendWhenSmtpServerDownThenDeliveryFailedAndNoCodeLeft() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (Database db = TestDatabase.open()) {
            String ada = TestDatabase.createUser(db, "ada", now);
            JpaOneTimeCodeStore store = new JpaOneTimeCodeStore(db);
            OneTimeCodes codes = new OneTimeCodes(store, store, OtpSettings.defaults(), Secrets.randomBytes(32),
                    new EmailDelivery(settings(closedPort), Duration.ofSeconds(2)), new MutableClock(now));
            SendRefusedException e = assertThrows(SendRefusedException.class,
                    () -> codes.send("flow-1", ada, Channel.EMAIL, "ada@example.com", Locale.ENGLISH));
            assertEquals(Reason.DELIVERY_FAILED, e.reason());
            assertTrue(store.find("flow-1").isEmpty());
        }
    }
}
