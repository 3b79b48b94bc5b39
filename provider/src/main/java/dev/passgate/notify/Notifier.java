package dev.passgate.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import dev.passgate.i18n.Messages;
import dev.passgate.otp.Channel;
import dev.passgate.otp.CodeDelivery;
import dev.passgate.otp.CodeMessage;
import dev.passgate.otp.DeliveryException;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Tells account holders about changes to their passkeys, by email (or SMS where only a phone is
 * on file), through the same channels as the one-time codes. A change is queued when it has been
 * stored and sent by the periodic {@link #deliverDue} a few seconds later: the login never waits
 * for a mail server, and a failed send is retried with growing delays, then logged and dropped.
 */
public final class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class.getName());
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final int MAX_ATTEMPTS = 12; // 1 min doubling: the last try about 34 hours after the change
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final NoticeStore store;
    private final UserStore users;
    private final CodeDelivery delivery;
    private final java.util.function.BiFunction<String, String, java.util.Set<Channel>> channels;
    private final Locale language;
    private final Optional<String> help;
    private final Clock clock;

    /**
     * @param channels the channels that can reach an account's email and phone as configured
     *                 ({@code Deliveries.availableChannels})
     * @param language the language of notices (accounts carry none yet): {@code passgate.default-locale}
     * @param help     where a person who did not make the change gets help ({@code passgate.support.url})
     */
    public Notifier(NoticeStore store, UserStore users, CodeDelivery delivery,
                    java.util.function.BiFunction<String, String, java.util.Set<Channel>> channels, Locale language,
                    Optional<String> help, Clock clock) {
        this.channels = channels;
        this.store = store;
        this.users = users;
        this.delivery = delivery;
        this.language = language;
        this.help = help;
        this.clock = clock;
    }

    /** Queues a notice of a passkey change; never fails the caller's request. */
    public void passkeyChanged(String userId, Notice.Kind kind, String passkeyName, Optional<String> replaced, String browser) {
        passkeyChanged(userId, kind, passkeyName, replaced, browser, Optional.empty());
    }

    /**
     * @param sync for a new passkey, whether it syncs ({@link #sync}): the notice then says what that means and, for
     *             one bound to a single device, suggests another passkey or turning on sync
     */
    public void passkeyChanged(String userId, Notice.Kind kind, String passkeyName, Optional<String> replaced, String browser,
                               Optional<String> sync) {
        try {
            store.add(new Notice(UUID.randomUUID().toString(), userId, kind, passkeyName, replaced, browser, clock.instant(), sync));
        } catch (RuntimeException e) {
            LOG.severe(() -> "Could not queue a " + kind + " notice for account " + userId + ": " + e);
        }
    }

    /** Queues a notice of an account change that names no passkey (a new password); never fails the caller. */
    public void accountChanged(String userId, Notice.Kind kind, String browser) {
        passkeyChanged(userId, kind, "", Optional.empty(), browser);
    }

    /**
     * Tells the account holder at once, through the addresses {@code user} has now, one attempt: for a
     * change after which the queue could no longer find them (the account deleted). A failure is logged
     * by kind only.
     */
    public void tellNow(User user, Notice.Kind kind, String browser) {
        tellNow(user, kind, "", browser);
    }

    /** @param about what the change was about, in the text's first place (the new address, masked) */
    public void tellNow(User user, Notice.Kind kind, String about, String browser) {
        Notice n = new Notice(UUID.randomUUID().toString(), user.id(), kind, about, Optional.empty(), browser, clock.instant());
        java.util.Set<Channel> reach = channels.apply(user.email(), user.phone());
        Optional<Channel> channel = reach.contains(Channel.EMAIL) ? Optional.of(Channel.EMAIL)
                : reach.contains(Channel.SMS) ? Optional.of(Channel.SMS) : Optional.empty();
        if (channel.isEmpty()) {
            return;
        }
        String to = channel.get() == Channel.EMAIL ? user.email() : user.phone();
        CodeMessage message = message(n);
        try {
            delivery.deliver(channel.get(), channel.get().normalize(to).orElse(to), channel.get() == Channel.SMS
                    ? new CodeMessage(message.subject(), message.text() + " " + message.footer(), "") : message);
        } catch (DeliveryException | RuntimeException e) {
            LOG.warning(() -> "Notice (" + kind + ") to account " + user.id() + " not delivered by " + channel.get() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Sends what is due, one claim at a time (each send has its own lease, so a slow mail server cannot
     * let another node take notices this one still holds); returns how many were sent. Run every few
     * seconds on every node.
     */
    public int deliverDue() {
        int sent = 0;
        for (int i = 0; i < 20; i++) {
            Instant now = clock.instant();
            Instant lease = now.plus(LEASE);
            List<NoticeStore.Queued> next = store.claimDue(now, lease, 1);
            if (next.isEmpty()) {
                break;
            }
            if (send(next.get(0).notice(), next.get(0).attempts(), lease)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(Notice n, int attempts, Instant lease) {
        Optional<User> user = users.findById(n.userId());
        // Email first, SMS where email cannot reach the account (none on file, or no SMTP configured).
        Optional<Channel> channel = user.map(u -> channels.apply(u.email(), u.phone()))
                .flatMap(c -> c.contains(Channel.EMAIL) ? Optional.of(Channel.EMAIL)
                        : c.contains(Channel.SMS) ? Optional.of(Channel.SMS) : Optional.empty());
        if (channel.isEmpty()) { // the account is gone or nothing configured reaches it: nothing to retry
            store.failed(n.id(), lease, Optional.empty());
            LOG.info(() -> "Notice " + n.id() + " (" + n.kind() + ") not sent: account " + n.userId() + " has no email or phone");
            return false;
        }
        String to = channel.get() == Channel.EMAIL ? user.get().email() : user.get().phone();
        try {
            CodeMessage message = message(n);
            // An SMS has no footer: the help goes into the text.
            CodeMessage out = channel.get() == Channel.SMS
                    ? new CodeMessage(message.subject(), message.text() + " " + message.footer(), "") : message;
            delivery.deliver(channel.get(), channel.get().normalize(to).orElse(to), out);
            store.sent(n.id(), lease, clock.instant());
            return true;
        } catch (DeliveryException | RuntimeException e) {
            int attempt = attempts + 1;
            Optional<Instant> retry = attempt >= MAX_ATTEMPTS ? Optional.empty()
                    : Optional.of(clock.instant().plus(FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 20))));
            store.failed(n.id(), lease, retry);
            // The channel's message may name addresses: only its kind goes to the log.
            String why = e.getClass().getSimpleName();
            if (retry.isPresent()) {
                LOG.warning(() -> "Notice " + n.id() + " (" + n.kind() + ") not delivered by " + channel.get() + " (" + why
                        + "); next try at " + retry.get());
            } else {
                LOG.severe(() -> "Notice " + n.id() + " (" + n.kind() + ") to account " + n.userId() + " given up after "
                        + attempt + " tries by " + channel.get() + " (" + why + "): the account holder was not told");
            }
            return false;
        }
    }

    private static final java.util.Set<String> SYNC = java.util.Set.of("SYNCED", "SYNCABLE", "DEVICE");

    /** How a passkey syncs, as a notice names it: SYNCED, SYNCABLE (eligible, not backed up yet) or DEVICE. */
    public static String sync(boolean backupEligible, boolean backupState) {
        return backupState ? "SYNCED" : backupEligible ? "SYNCABLE" : "DEVICE";
    }

    CodeMessage message(Notice n) {
        String browser = n.browser().isBlank() ? Messages.text(language, "notice.unknown-browser") : n.browser();
        String when = WHEN.format(n.at());
        String key = switch (n.kind()) {
            case PASSKEY_ADDED -> "notice.passkey-added";
            case PASSKEY_REPLACED -> "notice.passkey-replaced";
            case PASSKEY_REMOVED -> "notice.passkey-removed";
            case PASSWORD_CHANGED -> "notice.password-changed";
            case ACCOUNT_DELETED -> "notice.account-deleted";
            case EMAIL_CHANGED -> "notice.email-changed";
            case PHONE_CHANGED -> "notice.phone-changed";
            case RECOVERED -> "notice.recovered";
            case PASSKEYS_RESET -> "notice.passkeys-reset";
            case SIGNED_OUT_BY_SUPPORT -> "notice.signed-out-by-support";
            case DEACTIVATED -> "notice.deactivated";
            case REACTIVATED -> "notice.reactivated";
            case RECOVERY_LINK_ISSUED -> "notice.recovery-link";
            case PASSWORD_CHANGE_ASKED -> "notice.password-change-asked";
        };
        String text = Messages.text(language, key + ".text", n.passkeyName(), when, browser, n.replaced().orElse(""))
                + n.sync().filter(s -> SYNC.contains(s)).map(s -> " " + Messages.text(language, "notice.sync." + s)).orElse("");
        String footer = help.map(h -> Messages.text(language, "notice.footer.help", h))
                .orElseGet(() -> Messages.text(language, "notice.footer.support"));
        return new CodeMessage(Messages.text(language, key + ".subject"), text, footer);
    }
}
