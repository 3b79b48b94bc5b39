package dev.passgate.account;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.notify.Notice;
import dev.passgate.notify.Notifier;
import dev.passgate.otp.Channel;
import dev.passgate.otp.Check;
import dev.passgate.otp.OneTimeCodes;
import dev.passgate.otp.SendRefusedException;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Changing the account's email address or phone number: a one-time code goes to the new one, and
 * the change takes effect only when that code is typed back (so an address is never set that the
 * person cannot read, and then used for codes and recovery). The old address is told at once. The
 * pending value is the code's own destination, kept by the one-time code store: no second copy.
 */
public final class AccountContact {
    private final UserStore users;
    private final OneTimeCodes codes;
    private final AuditLog audit;
    private final Notifier notifier;
    private final Clock clock;

    public AccountContact(UserStore users, OneTimeCodes codes, AuditLog audit, Notifier notifier, Clock clock) {
        this.users = users;
        this.codes = codes;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Why a step of the change did not happen; each is a message key suffix of the contact page. */
    public enum Refusal { INVALID, SAME, TOO_SOON, HOURLY_CAP, DELIVERY_FAILED, NO_CODE, WRONG_CODE, TOO_MANY_ATTEMPTS,
        EXPIRED, IN_USE }

    /** The flow of one session's change of one channel: a new session or the other channel starts afresh. */
    static String flowKey(String sid, Channel channel) {
        return Secrets.sha256("contact:" + channel.name() + ":" + sid);
    }

    /** Sends a code to the new address or number. */
    public Optional<Refusal> start(User user, String sid, Channel channel, String newValue, Locale locale) {
        Optional<String> to = channel.normalize(newValue);
        if (to.isEmpty()) {
            return Optional.of(Refusal.INVALID);
        }
        String current = channel == Channel.EMAIL ? user.email() : user.phone();
        if (current != null && channel.normalize(current).map(to.get()::equalsIgnoreCase).orElse(false)) {
            return Optional.of(Refusal.SAME);
        }
        try {
            codes.send(flowKey(sid, channel), user.id(), channel, to.get(), locale);
        } catch (SendRefusedException e) {
            return Optional.of(switch (e.reason()) {
                case TOO_SOON -> Refusal.TOO_SOON;
                case HOURLY_CAP_REACHED -> Refusal.HOURLY_CAP;
                case TOO_MANY_ATTEMPTS -> Refusal.TOO_MANY_ATTEMPTS;
                case DELIVERY_FAILED, NO_CODE -> Refusal.DELIVERY_FAILED;
            });
        }
        audit.record(new AuditEvent(clock.instant(), "account.contact_code_sent", Optional.of(user.id()), channel.name(), ""));
        return Optional.empty();
    }

    /** The new value waiting for its code, masked as the page shows it. */
    public Optional<String> pending(String sid, Channel channel) {
        return codes.pendingDestination(flowKey(sid, channel)).map(channel::mask);
    }

    /**
     * Takes the typed code; when it matches, the new value replaces the old one, verified, and the old address
     * is told. Refused when another account holds the address (said only to whoever could read the code).
     */
    public Optional<Refusal> confirm(User user, String sid, Channel channel, String typed, String browser) {
        String flow = flowKey(sid, channel);
        Optional<String> to = codes.pendingDestination(flow);
        if (to.isEmpty()) {
            return Optional.of(Refusal.NO_CODE);
        }
        Check check = codes.verify(flow, typed);
        if (!check.isValid()) {
            return Optional.of(switch (check.outcome()) {
                case EXPIRED -> Refusal.EXPIRED;
                case TOO_MANY_ATTEMPTS -> Refusal.TOO_MANY_ATTEMPTS;
                case NO_CODE -> Refusal.NO_CODE;
                default -> Refusal.WRONG_CODE;
            });
        }
        try {
            users.update(user.id(), u -> channel == Channel.EMAIL ? u.withEmail(to.get(), true) : u.withPhone(to.get(), true));
        } catch (UserStore.DuplicateUserException taken) {
            return Optional.of(Refusal.IN_USE);
        }
        audit.record(new AuditEvent(clock.instant(), "account.contact_changed", Optional.of(user.id()), channel.name(), ""));
        // To the old address (the snapshot from before the change): whoever made it, the holder hears of it there.
        notifier.tellNow(user, channel == Channel.EMAIL ? Notice.Kind.EMAIL_CHANGED : Notice.Kind.PHONE_CHANGED,
                channel.mask(to.get()), browser);
        return Optional.empty();
    }
}
