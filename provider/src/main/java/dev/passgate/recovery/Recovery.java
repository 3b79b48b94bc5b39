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
 */
public final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
    /** Codes a recovery may try, right or wrong, whatever the account. */
    static final int MAX_ATTEMPTS = 5;

    private final UserStore users;
    private final RecoveryStore store;
    private final OneTimeCodes codes;
    private final BiFunction<String, String, Set<Channel>> reachable;
    private final CodeLockout lockout;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final AccountSecurity security;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Notifier notifier;
    private final Executor sender;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param reachable the channels configured for an email address and phone number (SMTP, SMS gateway)
     * @param sender    where codes are sent from, off the request's thread
     * @param ttl       how long a recovery may take ({@code passgate.login.transaction-ttl})
     */
    public Recovery(UserStore users, RecoveryStore store, OneTimeCodes codes, BiFunction<String, String, Set<Channel>> reachable,
                    CodeLockout lockout, PasswordPolicy policy, PasswordHasher hasher, AccountSecurity security,
                    Sessions sessions, AuditLog audit, Notifier notifier, Executor sender, Duration ttl, Clock clock) {
        this.users = users;
        this.store = store;
        this.codes = codes;
        this.reachable = reachable;
        this.lockout = lockout;
        this.policy = policy;
        this.hasher = hasher;
        this.security = security;
        this.sessions = sessions;
        this.audit = audit;
        this.notifier = notifier;
        this.sender = sender;
        this.ttl = ttl;
        this.clock = clock;
    }

    static String flowKey(String idHash) {
        return Secrets.sha256("recovery:" + idHash);
    }

    /**
     * Starts a recovery for what the person typed. @return the id the browser keeps (its cookie), whatever the
     * identifier named
     */
    public String start(String identifier, Locale locale) {
        String id = Secrets.newToken();
        String idHash = Secrets.sha256(id);
        Instant now = clock.instant();
        Optional<User> user = identifier == null || identifier.isBlank() || identifier.length() > 320 ? Optional.empty()
                : users.findByIdentifier(identifier.strip()).filter(User::active);
        Optional<Destination> to = user.flatMap(this::destination);
        store.save(new RecoveryAttempt(idHash, to.map(d -> user.get().id()), now, now.plus(ttl), 0, Optional.empty()));
        audit.record(new AuditEvent(now, "recovery.started", user.map(User::id),
                user.isEmpty() ? "NO_ACCOUNT" : to.isEmpty() ? "NO_VERIFIED_ADDRESS" : "CODE:" + to.get().channel(), ""));
        to.ifPresent(d -> sender.execute(() -> send(flowKey(idHash), user.get(), d, locale)));
        return id;
    }

    private record Destination(Channel channel, String address) {
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

    /** Where a recovery stands for its browser. */
    public enum Stage { AWAITING_CODE, VERIFIED, GONE }

    public Stage stage(String id) {
        Optional<RecoveryAttempt> found = live(id);
        return found.isEmpty() ? Stage.GONE : found.get().verifiedAt().isPresent() ? Stage.VERIFIED : Stage.AWAITING_CODE;
    }

    /** What typing a code did. */
    public enum Typed { VERIFIED, WRONG, TOO_MANY_ATTEMPTS, GONE }

    /**
     * Checks a typed code. A recovery without an account takes the same path and is always wrong, so the
     * answers (and their count) are the same whoever asked.
     */
    public Typed verify(String id, String typed) {
        if (live(id).isEmpty()) {
            return Typed.GONE;
        }
        String idHash = Secrets.sha256(id);
        Optional<RecoveryAttempt> counted = store.spendAttempt(idHash, MAX_ATTEMPTS);
        if (counted.isEmpty()) {
            return Typed.TOO_MANY_ATTEMPTS;
        }
        RecoveryAttempt a = counted.get();
        if (a.userId().isEmpty()) {
            return a.attempts() >= MAX_ATTEMPTS ? Typed.TOO_MANY_ATTEMPTS : Typed.WRONG;
        }
        String userId = a.userId().get();
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
        return a.attempts() >= MAX_ATTEMPTS || check.outcome() == Check.Outcome.TOO_MANY_ATTEMPTS ? Typed.TOO_MANY_ATTEMPTS
                : Typed.WRONG;
    }

    /** Why a new password was not set. */
    public enum Refusal { MISMATCH, TOO_SHORT, TOO_LONG, COMMON, LIKE_USERNAME, GONE }

    /** A finished recovery: the new session's cookie value. */
    public record Recovered(Sessions.Started session) {
    }

    /**
     * Sets the new password of a verified recovery, once; ends every other sign-in of the account, tells its
     * addresses, and signs this browser in (password and code: a multi-factor sign-in, fresh, so the account pages
     * may add a passkey at once).
     */
    public Outcome<Recovered, Refusal> setPassword(String id, String password, String repeat, String browser, String network,
                                                  String sessionCookie) {
        Optional<RecoveryAttempt> found = live(id).filter(a -> a.verifiedAt().isPresent() && a.userId().isPresent());
        if (found.isEmpty()) {
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
        Optional<User> user = users.update(userId, u -> u.withPasswordHash(hash));
        if (user.isEmpty() || !user.get().active()) {
            return Outcome.refused(Refusal.GONE);
        }
        security.endEverything(userId);
        Instant now = clock.instant();
        audit.record(new AuditEvent(now, "recovery.completed", Optional.of(userId), "PASSWORD_SET", ""));
        notifier.accountChanged(userId, Notice.Kind.RECOVERED, browser);
        Sessions.Started started = sessions.start(new LoginResult(userId, now, List.of("otp", "pwd", "mfa"), Acr.MFA),
                sessionCookie, browser, network);
        return Outcome.ok(new Recovered(started));
    }

    private Optional<RecoveryAttempt> live(String id) {
        if (id == null || id.isBlank() || id.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.find(Secrets.sha256(id)).filter(a -> a.isLiveAt(now));
    }

}
