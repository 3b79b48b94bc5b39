package dev.passgate.otp;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import dev.passgate.config.DeliverySettings;
import dev.passgate.config.Mode;
import dev.passgate.config.SettingsException;

/**
 * The channels this provider can send codes through, chosen once from the settings, and the
 * {@link CodeDelivery} that routes each message to its channel.
 */
public final class Deliveries implements CodeDelivery {
    private static final Logger LOG = Logger.getLogger(Deliveries.class.getName());
    /** SMTP connect, read and write timeout; a mail server slower than this would keep a login page waiting. */
    static final Duration SMTP_TIMEOUT = Duration.ofSeconds(10);

    private final Map<Channel, CodeDelivery> channels;
    private final Optional<DevOutbox> devOutbox;

    Deliveries(Map<Channel, CodeDelivery> channels, Optional<DevOutbox> devOutbox) {
        this.channels = Collections.unmodifiableMap(new EnumMap<>(channels));
        this.devOutbox = devOutbox;
    }

    /**
     * Email when {@code passgate.mail.smtp.host} is set, SMS when {@code passgate.sms.webhook-url} is.
     * In dev mode a channel without configuration goes to the {@link DevOutbox}, so a fresh checkout
     * can sign in with a second factor; production mode has no such shortcut.
     *
     * @throws SettingsException in production mode when neither channel is configured
     */
    public static Deliveries forSettings(DeliverySettings settings, Mode mode, OtpSettings otp, DevOutboxStore outbox,
                                         Clock clock) {
        if (!mode.isDev() && !settings.hasAnyChannel()) {
            throw new SettingsException("passgate.mail.smtp.host",
                    "production mode needs passgate.mail.smtp.host or passgate.sms.webhook-url");
        }
        Map<Channel, CodeDelivery> channels = new EnumMap<>(Channel.class);
        if (settings.smtpHost().isPresent()) {
            channels.put(Channel.EMAIL, new EmailDelivery(settings, SMTP_TIMEOUT));
        }
        settings.smsWebhookUrl().ifPresent(url -> channels.put(Channel.SMS, new SmsDelivery(url,
                settings.smsWebhookSecret().orElseThrow(), otp.smsTimeout(), clock)));
        Optional<DevOutbox> dev = Optional.empty();
        if (mode.isDev() && channels.size() < Channel.values().length) {
            DevOutbox o = new DevOutbox(outbox, clock);
            for (Channel c : Channel.values()) {
                channels.putIfAbsent(c, o);
            }
            dev = Optional.of(o);
            LOG.warning("Dev mode: one-time codes for unconfigured channels go to the dev outbox and the log");
        }
        return new Deliveries(channels, dev);
    }

    /**
     * The channels a person may choose: configured here, with a valid address on file.
     *
     * @param email the account's email address, or null
     * @param phone the account's phone number, or null
     */
    public Set<Channel> availableChannels(String email, String phone) {
        Set<Channel> available = EnumSet.noneOf(Channel.class);
        if (channels.containsKey(Channel.EMAIL) && Channel.EMAIL.normalize(email).isPresent()) {
            available.add(Channel.EMAIL);
        }
        if (channels.containsKey(Channel.SMS) && Channel.SMS.normalize(phone).isPresent()) {
            available.add(Channel.SMS);
        }
        return Collections.unmodifiableSet(available);
    }

    /** Where each channel's codes go, for the start-up banner: "SMTP", "SMS gateway" or "dev outbox". */
    public Map<Channel, String> routes() {
        Map<Channel, String> routes = new EnumMap<>(Channel.class);
        channels.forEach((channel, delivery) -> routes.put(channel, delivery instanceof DevOutbox ? "dev outbox"
                : delivery instanceof EmailDelivery ? "SMTP" : "SMS gateway"));
        return routes;
    }

    /** Present in dev mode when a channel is not configured: what a dev-only page shows. */
    public Optional<DevOutbox> devOutbox() {
        return devOutbox;
    }

    @Override
    public void deliver(Channel channel, String destination, CodeMessage message) throws DeliveryException {
        CodeDelivery delivery = channels.get(channel);
        if (delivery == null) {
            throw new DeliveryException("no " + channel + " channel is configured");
        }
        delivery.deliver(channel, destination, message);
    }
}
