package dev.passgate.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where one-time codes go. Read and validated at start-up like every other settings record.
 *
 * @param smtpHost       {@code passgate.mail.smtp.host}: no value means no email channel
 * @param smtpPort       {@code passgate.mail.smtp.port}: default 587
 * @param smtpUsername   {@code passgate.mail.smtp.username}: optional
 * @param smtpPassword   {@code passgate.mail.smtp.password}: optional
 * @param smtpStartTls   {@code passgate.mail.smtp.starttls}: default true
 * @param mailFrom       {@code passgate.mail.from}: default {@code no-reply@<issuer host>}
 * @param smsWebhookUrl  {@code passgate.sms.webhook-url}: no value means no SMS channel
 * @param smsWebhookSecret {@code passgate.sms.webhook-secret}: HMAC key for the gateway's signature header
 */
public record DeliverySettings(
        Optional<String> smtpHost,
        int smtpPort,
        Optional<String> smtpUsername,
        Optional<String> smtpPassword,
        boolean smtpStartTls,
        String mailFrom,
        Optional<URI> smsWebhookUrl,
        Optional<String> smsWebhookSecret) {

    public static DeliverySettings read(ConfigReader config, PassgateSettings core) {
        Optional<URI> sms = config.httpUrl("passgate.sms.webhook-url");
        Optional<String> smsSecret = config.optional("passgate.sms.webhook-secret");
        if (sms.isPresent() && smsSecret.isEmpty()) {
            throw new SettingsException("passgate.sms.webhook-secret",
                    "is required when passgate.sms.webhook-url is set: the gateway must be able to verify our requests");
        }
        // In production the codes must not cross the network in clear: an eavesdropper would have the second factor.
        boolean insecureAllowed = config.bool("passgate.mail.smtp.insecure", false);
        if (!core.mode().isDev() && sms.isPresent() && !"https".equals(sms.get().getScheme())) {
            throw new SettingsException("passgate.sms.webhook-url", "must be https in production mode, was " + sms.get());
        }
        if (!core.mode().isDev() && config.optional("passgate.mail.smtp.host").isPresent()
                && !config.bool("passgate.mail.smtp.starttls", true) && !insecureAllowed) {
            throw new SettingsException("passgate.mail.smtp.starttls", "must stay true in production mode: codes would"
                    + " travel unencrypted. passgate.mail.smtp.insecure=true allows it on purpose (meant for a relay on this"
                    + " machine; Passgate does not check where the server is)");
        }
        String from = config.string("passgate.mail.from", "no-reply@" + core.issuer().getHost());
        if (!from.matches("[^@\\s]+@[^@\\s]+")) {
            throw new SettingsException("passgate.mail.from", "must be an email address, was '" + from + "'");
        }
        return new DeliverySettings(
                config.optional("passgate.mail.smtp.host"),
                config.integer("passgate.mail.smtp.port", 587, 1, 65535),
                config.optional("passgate.mail.smtp.username"),
                config.optional("passgate.mail.smtp.password"),
                config.bool("passgate.mail.smtp.starttls", true),
                from,
                sms,
                smsSecret);
    }

    public boolean hasAnyChannel() {
        return smtpHost.isPresent() || smsWebhookUrl.isPresent();
    }

    @Override
    public String toString() { // never print the passwords
        return "DeliverySettings[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", mailFrom=" + mailFrom
                + ", smsWebhookUrl=" + smsWebhookUrl + "]";
    }
}
