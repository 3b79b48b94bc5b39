package dev.passgate.recovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.logging.Logger;

import dev.passgate.account.AccountSecurity;
import dev.passgate.account.Outcome;
import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.interaction.Acr;
import dev.passgate.interaction.LoginResult;
import dev.passgate.login.CodeLockout;
import dev.passgate.login.PasswordThrottle;
import dev.passgate.notify.Notice;
import dev.passgate.notify.Notifier;
import dev.passgate.otp.Channel;
import dev.passgate.otp.Check;
import dev.passgate.otp.OneTimeCodes;
import dev.passgate.otp.SendRefusedException;
import dev.passgate.password.PasswordHasher;
import dev.passgate.password.PasswordPolicy;
import dev.passgate.protocol.session.Sessions;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * "Can't sign in?": for a person who lost every passkey (or the password). A one-time code goes to
 * the account's verified email address, else its verified phone number, under the login's code
 * rules (tries per code, codes per hour, the 100-failures lock); with it the person sets a new
 * password, every other sign-in of the account ends, the account's addresses are told, and the
 * person is signed in to be offered a new passkey.
 *
 * <p>Nothing here tells who has an account: any identifier gets a recovery, stored and answered the
 * same way; the code is sent on another thread, so the answer takes as long whether a message goes
 * out or not; an identifier with no account (or none a code can reach) simply never gets a right code.
 *
 * <p>Anyone who knows an identifier can start one, so recovery spends nothing of the sign-in's: its codes
 * have their own hourly budget and its wrong codes their own 100-in-a-row lock (both wired in), and each
 * client address may start a few before it is slowed down. A recovery ends when the account changes under
 * it (password, email, phone, deactivation): a code read before a password change sets nothing after it.
 * The sign-in it ends with is of its own class ({@link Acr#RECOVERY}): enough to add a passkey while
 * fresh, never to delete one or to meet an application's {@code acr_values}.
 */
public final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
    /** Recoveries a client address may start in a clock hour before each further one waits (2 s, doubling up to 15 min). */
    static final int FREE_STARTS_PER_ADDRESS = 50;

    private final UserStore users;
    private final RecoveryStore store;
    private final OneTimeCodes codes;
    private final BiFunction<String, String, Set<Channel>> reachable;
    private final CodeLockout lockout;
    private final PasswordThrottle.Store throttle;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final AccountSecurity security;
    private final AuditLog audit;
    private final Notifier notifier;
    private final Executor sender;
    private final Duration ttl;
    private final int maxAttempts;
    private final Clock clock;

    /**
     * @param codes       recovery's own: its sends count toward a budget apart from the sign-in's
     * @param reachable   the channels configured for an email address and phone number (SMTP, SMS gateway)
     * @param lockout     recovery's own 100-wrong-codes lock ({@link CodeLockout#forRecovery})
     * @param throttle    where starts per client address are counted
     * @param sender      where codes are sent from, off the request's thread
     * @param ttl         how long a recovery may take ({@code passgate.login.transaction-ttl})
     * @param maxAttempts codes a recovery may try, right or wrong, whatever the account ({@code passgate.otp.max-attempts})
     */
    public Recovery(UserStore users, RecoveryStore store, OneTimeCodes codes, BiFunction<String, String, Set<Channel>> reachable,
                    CodeLockout lockout, PasswordThrottle.Store throttle, PasswordPolicy policy, PasswordHasher hasher,
                    AccountSecurity security, AuditLog audit, Notifier notifier, Executor sender, Duration ttl, int maxAttempts,
                    Clock clock) {
        this.users = users;
        this.store = store;
        this.codes = codes;
        this.reachable = reachable;
        this.lockout = lockout;
        this.throttle = throttle;
        this.policy = policy;
        this.hasher = hasher;
        this.security = security;
        this.audit = audit;
        this.notifier = notifier;
        this.sender = sender;
        this.ttl = ttl;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    static String flowKey(String idHash) {
        return Secrets.sha256("recovery:" + idHash);
    }

    /**
     * Starts a recovery for what the person typed.
     *
     * @param address the client address (the first untrusted hop), counted to slow down whoever starts many
     * @return the id the browser keeps (its cookie), whatever the identifier named; or, refused, when this address
     *         may start the next one
     */
    public Outcome<String, Instant> start(String identifier, Locale locale, String address) {
        Instant now = clock.instant();
        // Per clock hour, so a shared address (an office, a carrier's NAT) is never held down for longer.
        String addressKey = Secrets.sha256("recovery-address:" + sender(address) + ":" + now.getEpochSecond() / 3600);
        if (!throttle.attempt(addressKey, now, n -> PasswordThrottle.lockAfter(n, FREE_STARTS_PER_ADDRESS, now))) {
            audit.record(new AuditEvent(now, "recovery.started", Optional.empty(), "SLOWED_DOWN",
                    "network=" + dev.passgate.web.ClientAddress.network(address)));
            return Outcome.refused(throttle.get(addressKey).lockedUntil().orElse(now));
        }
        String id = Secrets.newToken();
        String idHash = Secrets.sha256(id);
        Optional<User> user = identifier == null || identifier.isBlank() || identifier.length() > 320 ? Optional.empty()
                : users.findByIdentifier(identifier.strip()).filter(User::active);
        Optional<Destination> to = user.flatMap(this::destination);
        store.save(new RecoveryAttempt(idHash, to.map(d -> user.get().id()), to.map(d -> stamp(user.get())), now,
                now.plus(ttl), 0, Optional.empty(), false));
        audit.record(new AuditEvent(now, "recovery.started", user.map(User::id),
                user.isEmpty() ? "NO_ACCOUNT" : to.isEmpty() ? "NO_VERIFIED_ADDRESS" : "CODE:" + to.get().channel(), ""));
        to.ifPresent(d -> sender.execute(() -> send(flowKey(idHash), user.get(), d, locale)));
        return Outcome.ok(id);
    }

    private record Destination(Channel channel, String address) {
    }

    /** Who is asking, for the throttle: an IPv4 address, or an IPv6 /64 (one subscriber holds a whole /64). */
    static String sender(String address) {
        Optional<java.net.InetAddress> ip = dev.passgate.web.Cidr.literal(address == null ? "" : address);
        if (ip.isPresent() && ip.get() instanceof java.net.Inet6Address v6) {
            byte[] prefix = java.util.Arrays.copyOf(v6.getAddress(), 8);
            return "v6:" + java.util.HexFormat.of().formatHex(prefix);
        }
        return String.valueOf(address);
    }

    /** The verified email address if a code can go there, else the verified phone number: never an unverified one. */
    private Optional<Destination> destination(User u) {
        Set<Channel> configured = reachable.apply(u.email(), u.phone());
        if (u.email() != null && u.emailVerified() && configured.contains(Channel.EMAIL)) {
            return Optional.of(new Destination(Channel.EMAIL, u.email()));
        }
        if (u.phone() != null && u.phoneVerified() && configured.contains(Channel.SMS)) {
            return Optional.of(new Destination(Channel.SMS, u.phone()));
        }
        return Optional.empty();
    }

    /**
     * What a recovery holds on to: any change to the account's password, addresses, state or roles ends it (a link
     * support made for a person must not open an account that has become staff's since).
     */
    static String stamp(User u) {
        return Secrets.sha256(String.join("\u0000", String.valueOf(u.passwordHash()), String.valueOf(u.email()),
                String.valueOf(u.emailVerified()), String.valueOf(u.phone()), String.valueOf(u.phoneVerified()),
                String.valueOf(u.active()), String.join(",", u.roles())));
    }

    private void send(String flow, User user, Destination to, Locale locale) {
        if (lockout.locked(user.id())) {
            audit.record(new AuditEvent(clock.instant(), "recovery.code", Optional.of(user.id()), "codes_locked", ""));
            return;
        }
        try {
            codes.send(flow, user.id(), to.channel(), to.address(), locale);
            audit.record(new AuditEvent(clock.instant(), "recovery.code", Optional.of(user.id()), "SENT:" + to.channel(), ""));
        } catch (SendRefusedException e) {
            audit.record(new AuditEvent(clock.instant(), "recovery.code", Optional.of(user.id()), e.reason().name(), ""));
        } catch (RuntimeException e) { // the thread must not die of one bad send; the person sees "no code came"
            LOG.warning(() -> "Recovery code for account " + user.id() + " not sent: " + e.getClass().getSimpleName());
        }
    }

    /**
     * A recovery link for a person who lost every passkey and second factor: support checks who they are out of
     * band and hands it over. It is a recovery already verified, waiting for its browser; held only as a hash,
     * usable once, for {@code ttl}, and only while the account stays as it is now.
     *
     * @return the link's secret (for {@code /recover/link?token=}), shown once; empty for an inactive or unknown account
     */
    public Optional<String> issueLink(String userId, Duration ttl) {
        Optional<User> user = users.findById(userId).filter(User::active);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String token = Secrets.newToken();
        Instant now = clock.instant();
        store.save(new RecoveryAttempt(linkHash(token), Optional.of(userId), Optional.of(stamp(user.get())), now, now.plus(ttl),
                0, Optional.of(now), true));
        return Optional.of(token);
    }

    /**
     * Opens a recovery link in this browser: the link is used up, and a verified recovery bound to this browser
     * takes its place, at the new-password step. @return the browser's recovery id; empty when the link is unknown,
     * used, expired, or the account changed since it was made
     */
    public Optional<String> openLink(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = linkHash(token);
        Instant now = clock.instant();
        Optional<RecoveryAttempt> link = store.find(hash).filter(a -> a.isLiveAt(now) && a.link());
        if (link.isEmpty() || !unchanged(link.get()) || !store.delete(hash)) { // delete: two clicks, one recovery
            return Optional.empty();
        }
        String id = Secrets.newToken();
        store.save(new RecoveryAttempt(Secrets.sha256(id), link.get().userId(), link.get().stamp(), now, now.plus(ttl), 0,
                Optional.of(now), false));
        audit.record(new AuditEvent(now, "recovery.link_opened", link.get().userId(), "OK", ""));
        return Optional.of(id);
    }

    /** Kept apart from browsers' recovery ids: a link's secret is never a cookie value that works. */
    private static String linkHash(String token) {
        return Secrets.sha256("link:" + token);
    }

    /** Where a recovery stands for its browser. */
    public enum Stage { AWAITING_CODE, VERIFIED, GONE }

    public Stage stage(String id) {
        Optional<RecoveryAttempt> found = live(id);
        return found.isEmpty() ? Stage.GONE : found.get().verifiedAt().isPresent() ? Stage.VERIFIED : Stage.AWAITING_CODE;
    }

    /** What typing a code did. */
    public enum Typed { VERIFIED, WRONG, TOO_MANY_ATTEMPTS, GONE }

    /**
     * Checks a typed code. A recovery without an account takes the same path (a code looked up, an event
     * written) and is always wrong, so the answers, their count and their cost are the same whoever asked.
     */
    public Typed verify(String id, String typed) {
        if (live(id).isEmpty()) {
            return Typed.GONE;
        }
        String idHash = Secrets.sha256(id);
        Optional<RecoveryAttempt> counted = store.spendAttempt(idHash, maxAttempts);
        if (counted.isEmpty()) {
            return Typed.TOO_MANY_ATTEMPTS;
        }
        RecoveryAttempt a = counted.get();
        Typed wrong = a.attempts() >= maxAttempts ? Typed.TOO_MANY_ATTEMPTS : Typed.WRONG;
        if (a.userId().isEmpty()) {
            // The same lookups and writes a wrong code for an account costs: a code, a lock, a count, an event.
            String nobody = "unknown:" + idHash;
            users.findById(nobody);
            lockout.locked(nobody);
            codes.verify(flowKey(idHash), typed);
            lockout.failed(nobody);
            audit.record(new AuditEvent(clock.instant(), "recovery.verified", Optional.empty(), "REFUSED:NO_ACCOUNT", ""));
            return wrong;
        }
        String userId = a.userId().get();
        if (!unchanged(a)) {
            store.delete(idHash);
            audit.record(new AuditEvent(clock.instant(), "recovery.verified", Optional.of(userId), "REFUSED:ACCOUNT_CHANGED", ""));
            return Typed.GONE;
        }
        if (lockout.locked(userId)) { // 100 wrong in a row: codes sent before the lock are not tried either
            audit.record(new AuditEvent(clock.instant(), "recovery.verified", Optional.of(userId), "REFUSED:codes_locked", ""));
            return wrong;
        }
        Check check = codes.verify(flowKey(idHash), typed);
        if (check.isValid() && store.markVerified(idHash, clock.instant())) {
            lockout.clear(userId);
            audit.record(new AuditEvent(clock.instant(), "recovery.verified", Optional.of(userId), "OK", ""));
            return Typed.VERIFIED;
        }
        if (check.outcome() == Check.Outcome.WRONG || check.outcome() == Check.Outcome.TOO_MANY_ATTEMPTS) {
            lockout.failed(userId);
        }
        audit.record(new AuditEvent(clock.instant(), "recovery.verified", Optional.of(userId), "REFUSED:" + check.outcome(), ""));
        return check.outcome() == Check.Outcome.TOO_MANY_ATTEMPTS ? Typed.TOO_MANY_ATTEMPTS : wrong;
    }

    /** The account is still active and as it was when the recovery began (same password, addresses, verification). */
    private boolean unchanged(RecoveryAttempt a) {
        return a.userId().flatMap(users::findById).filter(User::active).map(Recovery::stamp).equals(a.stamp());
    }

    /** Why a new password was not set. */
    public enum Refusal { MISMATCH, TOO_SHORT, TOO_LONG, COMMON, LIKE_USERNAME, GONE }

    /** A finished recovery: the new session's cookie value. */
    public record Recovered(Sessions.Started session) {
    }

    /**
     * Sets the new password of a verified recovery, once; ends every other sign-in of the account, tells its
     * addresses, and signs this browser in with a recovery sign-in (the code's channel as amr, no password
     * claimed: the one just chosen proves nothing), with which the account pages let it add a passkey.
     */
    public Outcome<Recovered, Refusal> setPassword(String id, String password, String repeat, String browser, String network,
                                                  String sessionCookie) {
        Optional<RecoveryAttempt> found = live(id).filter(a -> a.verifiedAt().isPresent() && a.userId().isPresent());
        if (found.isEmpty() || !unchanged(found.get())) {
            return Outcome.refused(Refusal.GONE);
        }
        if (password == null || !password.equals(repeat)) {
            return Outcome.refused(Refusal.MISMATCH);
        }
        String userId = found.get().userId().get();
        Optional<User> holder = users.findById(userId);
        Optional<PasswordPolicy.Problem> problem = policy.check(password, holder.map(User::username).orElse(""),
                holder.map(User::email).orElse(null));
        if (problem.isPresent()) {
            return Outcome.refused(Refusal.valueOf(problem.get().name()));
        }
        if (!store.delete(Secrets.sha256(id))) { // two tabs: one sets the password
            return Outcome.refused(Refusal.GONE);
        }
        String hash = hasher.hash(password);
        String stamp = found.get().stamp().orElse("");
        // Everything else ends before the password is written (and again after, for a sign-in in between): should
        // the database fail between the two, the account is left signed out everywhere, never half-recovered.
        security.endEverything(userId);
        // Written only over the account the code was read for: a change since (by support, say) wins.
        Optional<User> user = users.update(userId, u -> u.active() && stamp(u).equals(stamp) ? u.withPasswordHash(hash) : u);
        if (user.isEmpty() || !hash.equals(user.get().passwordHash())) {
            return Outcome.refused(Refusal.GONE);
        }
        security.endEverything(userId);
        Instant now = clock.instant();
        audit.record(new AuditEvent(now, "recovery.completed", Optional.of(userId), "PASSWORD_SET", ""));
        notifier.accountChanged(userId, Notice.Kind.RECOVERED, browser);
        String method = holder.flatMap(this::destination).filter(d -> d.channel() == Channel.SMS).isPresent() ? "sms" : "otp";
        Sessions.Started started = security.signIn(new LoginResult(userId, now, List.of(method), Acr.RECOVERY),
                sessionCookie, browser, network);
        return Outcome.ok(new Recovered(started));
    }

    private Optional<RecoveryAttempt> live(String id) {
        // A browser's id never holds ':'; a link's row is found by the hash of "link:" + its secret and only through openLink.
        if (id == null || id.isBlank() || id.length() > 100 || id.indexOf(':') >= 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.find(Secrets.sha256(id)).filter(a -> a.isLiveAt(now));
    }

}
