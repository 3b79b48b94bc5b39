package dev.passgate.otp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import dev.passgate.config.DeliverySettings;
import dev.passgate.config.SettingsException;

/** Codes by email over SMTP ({@code passgate.mail.*}), one plain-text message each. */
public final class EmailDelivery implements CodeDelivery {

    private final Session session;
    private final InternetAddress from;

    /** @param timeout for connecting to, and each read from or write to, the SMTP server */
    public EmailDelivery(DeliverySettings settings, Duration timeout) {
        String host = settings.smtpHost()
                .orElseThrow(() -> new IllegalArgumentException("no SMTP host configured (passgate.mail.smtp.host)"));
        String millis = String.valueOf(timeout.toMillis());
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        props.put("mail.smtp.connectiontimeout", millis);
        props.put("mail.smtp.timeout", millis);
        props.put("mail.smtp.writetimeout", millis);
        if (settings.smtpStartTls()) {
            // Required, not merely enabled: otherwise anyone on the path can strip STARTTLS and read the codes.
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
            props.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        Authenticator auth = null;
        if (settings.smtpUsername().isPresent()) {
            props.put("mail.smtp.auth", "true");
            PasswordAuthentication credentials = new PasswordAuthentication(settings.smtpUsername().get(),
                    settings.smtpPassword().orElse(""));
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return credentials;
                }
            };
        }
        this.session = Session.getInstance(props, auth);
        try {
            this.from = new InternetAddress(settings.mailFrom(), true);
        } catch (AddressException e) {
            throw new SettingsException("passgate.mail.from", "is not a valid address: " + e.getMessage());
        }
    }

    @Override
    public void deliver(Channel channel, String destination, CodeMessage message) throws DeliveryException {
        if (channel != Channel.EMAIL) {
            throw new IllegalArgumentException("email delivery got a " + channel + " message");
        }
        Objects.requireNonNull(message, "message");
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(from);
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress(destination, true));
            mail.setSubject(message.subject(), StandardCharsets.UTF_8.name());
            mail.setSentDate(new Date());
            mail.setText(message.text() + "\n\n" + message.footer() + "\n", StandardCharsets.UTF_8.name());
            Transport.send(mail);
        } catch (MessagingException e) {
            // The server's reply and the addresses, never the body.
            throw new DeliveryException("SMTP delivery failed: " + e.getMessage(), e);
        }
    }
}
