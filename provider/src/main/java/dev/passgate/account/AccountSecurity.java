package dev.passgate.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.login.LoginTransactionStore;
import dev.passgate.notify.Notice;
import dev.passgate.notify.Notifier;
import dev.passgate.password.PasswordHasher;
import dev.passgate.password.PasswordPolicy;
import dev.passgate.protocol.logout.BackChannelNotifier;
import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.protocol.token.GrantStore;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * The account holder's own security: password, where they are signed in, what happened lately,
 * their data, and deleting the account. What each change ends is decided here, in one place:
 * <ul>
 * <li>a new password ends every other session, every login under way and every grant of the
 *     account (the applications signed in through this session sign in again without a prompt);</li>
 * <li>ending a session ends the tokens bound to it, and its applications hear of it by back-channel
 *     logout;</li>
 * <li>deleting the account ends everything, tells the account holder, and removes the account with its
 *     passkeys; its audit events stay until the retention purge.</li>
 * </ul>
 */
public final class AccountSecurity {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    /** The events the "recent activity" page shows, and the export carries. */
    public static final Set<String> ACTIVITY = Set.of("login.success", "password.failure", "passkey.failure", "otp.verify",
            "passkey.registered", "account.passkey_deleted", "account.passkey_renamed", "account.password_changed",
            "account.session_ended");
    static final int ACTIVITY_SHOWN = 50;

    private final UserStore users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final BackChannelNotifier backChannel;
    private final GrantStore grants;
    private final LoginTransactionStore logins;
    private final AuditLog audit;
    private final Notifier notifier;
    private final Clock clock;

    public AccountSecurity(UserStore users, PasswordPolicy policy, PasswordHasher hasher, Sessions sessions,
                           BackChannelNotifier backChannel, GrantStore grants, LoginTransactionStore logins, AuditLog audit,
                           Notifier notifier, Clock clock) {
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.sessions = sessions;
        this.backChannel = backChannel;
        this.grants = grants;
        this.logins = logins;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Why a new password was not taken. */
    public enum PasswordRefusal { MISMATCH, TOO_SHORT, TOO_LONG, COMMON, LIKE_USERNAME, CHANGED_MEANWHILE }

    /** A new password was taken: this session's new cookie (the old value is dead), when the session still runs. */
    public record PasswordChanged(Optional<String> renewedCookie) {
    }

    /**
     * Sets a new password (Argon2id) and ends what the old one let in: the other sessions, logins under way,
     * every grant. The current session stays.
     */
    public Outcome<PasswordChanged, PasswordRefusal> changePassword(User user, SsoSession current,
                                                                                           String password, String repeat,
                                                                                           String browser) {
        if (password == null || !password.equals(repeat)) {
            return Outcome.refused(PasswordRefusal.MISMATCH);
        }
        Optional<PasswordPolicy.Problem> problem = policy.check(password, user.username(), user.email());
        if (problem.isPresent()) {
            return Outcome.refused(PasswordRefusal.valueOf(problem.get().name()));
        }
        String hash = hasher.hash(password);
        Instant now = clock.instant();
        try {
            if (users.update(user.id(), u -> u.withPasswordHash(hash)).isEmpty()) {
                return Outcome.refused(PasswordRefusal.CHANGED_MEANWHILE); // the account is gone
            }
        } catch (UserStore.DuplicateUserException raced) { // another change to the account row won: nothing was set
            return Outcome.refused(PasswordRefusal.CHANGED_MEANWHILE);
        }
        int ended = endOthers(user, current);
        grants.revokeForUser(user.id(), now);
        Optional<String> renewed = sessions.renewCookie(current);
        audit.record(new AuditEvent(now, "account.password_changed", Optional.of(user.id()), "OK", "sessionsEnded=" + ended));
        notifier.accountChanged(user.id(), Notice.Kind.PASSWORD_CHANGED, browser);
        return Outcome.ok(new PasswordChanged(renewed));
    }

    /** The account's live sessions, newest sign-in first. */
    public List<SsoSession> sessions(String userId) {
        return sessions.of(userId);
    }

    /** Ends one of the account's sessions (this one included: that is signing out). @return false when it is not the account's */
    public boolean endSession(User user, String sid) {
        Optional<SsoSession> found = sessions.of(user.id()).stream().filter(s -> s.sid().equals(sid)).findFirst();
        if (found.isEmpty()) {
            return false;
        }
        end(found.get());
        audit.record(new AuditEvent(clock.instant(), "account.session_ended", Optional.of(user.id()), "ONE", ""));
        return true;
    }

    /**
     * "Sign out everywhere else": every other session, however many (not only those the page lists), and the
     * logins under way (one may have passed the password already). @return how many sessions ended
     */
    public int endOthers(User user, SsoSession current) {
        logins.endForUser(user.id());
        Map<String, List<String>> ended = sessions.endAllExcept(user.id(), current.sid());
        ended.forEach((sid, clients) -> backChannel.notifyClients(clients, user.id(), sid));
        int n = ended.size();
        if (n > 0) {
            audit.record(new AuditEvent(clock.instant(), "account.session_ended", Optional.of(user.id()), "OTHERS", "count=" + n));
        }
        return n;
    }

    private void end(SsoSession s) {
        backChannel.notifyClients(sessions.end(s), s.userId(), s.sid());
    }

    /**
     * Ends every sign-in of the account: logins under way (one may have passed the password already), every
     * session (their applications hear of it by back-channel logout), every grant, offline ones included.
     */
    public void endEverything(String userId) {
        logins.endForUser(userId);
        endSignedIn(userId);
    }

    /**
     * A new password set inside a login (support asked for it): every other login under way and every session and
     * grant ends; {@code keepLogin} (its id hash) goes on to finish.
     */
    public void endAllBut(String userId, String keepLogin) {
        logins.endForUser(userId, Optional.of(keepLogin));
        endSignedIn(userId);
    }

    /** Ends the account's sessions (their applications hear of it as of a logout) and grants; logins under way go on. */
    public void endSignedIn(String userId) {
        for (Map.Entry<String, List<String>> ended : sessions.endAll(userId).entrySet()) {
            backChannel.notifyClients(ended.getValue(), userId, ended.getKey());
        }
        grants.revokeForUser(userId, clock.instant());
    }

    /**
     * Signs this browser in outside the login (after a recovery). A session of another account that the
     * browser held ends, and its applications hear of it as they would of a logout.
     */
    public Sessions.Started signIn(dev.passgate.interaction.LoginResult result, String sessionCookie, String browser,
                                   String network) {
        Sessions.Started started = sessions.start(result, sessionCookie, browser, network);
        started.replaced().ifPresent(old -> backChannel.notifyClients(started.replacedClients(), old.userId(), old.sid()));
        return started;
    }

    /** The account's recent sign-ins and changes, newest first. */
    public List<AuditEvent> activity(String userId) {
        return audit.recentFor(userId, ACTIVITY, ACTIVITY_SHOWN);
    }

    /**
     * Everything the provider keeps about the person, as JSON: profile, passkeys' public metadata, sessions
     * (browser and network only), recent events. Never a secret: no password hash, no keys, no token.
     */
    public JsonObject export(User user, List<PasskeyRow> passkeys) {
        JsonObjectBuilder profile = JSON.createObjectBuilder().add("id", user.id()).add("username", user.username());
        optional(profile, "givenName", user.givenName());
        optional(profile, "familyName", user.familyName());
        optional(profile, "displayName", user.displayName());
        optional(profile, "email", user.email());
        profile.add("emailVerified", user.emailVerified());
        optional(profile, "phone", user.phone());
        profile.add("phoneVerified", user.phoneVerified()).add("passwordSet", user.passwordHash() != null)
                .add("roles", JSON.createArrayBuilder(user.roles())).add("createdAt", user.createdAt().toString());
        JsonArrayBuilder keys = JSON.createArrayBuilder();
        for (PasskeyRow p : passkeys) {
            JsonObjectBuilder k = JSON.createObjectBuilder().add("credentialId", p.id()).add("name", p.name())
                    .add("createdAt", p.createdAt().toString()).add("synced", p.synced()).add("syncable", p.syncable())
                    .add("createdVia", p.origin().name());
            p.lastUsedAt().ifPresent(t -> k.add("lastUsedAt", t.toString()));
            keys.add(k);
        }
        JsonArrayBuilder open = JSON.createArrayBuilder();
        for (SsoSession s : sessions.of(user.id())) {
            open.add(JSON.createObjectBuilder().add("signedInAt", s.authTime().toString()).add("expiresAt", s.expiresAt().toString())
                    .add("browser", s.browser()).add("network", s.network()).add("methods", JSON.createArrayBuilder(s.amr())));
        }
        JsonArrayBuilder events = JSON.createArrayBuilder();
        for (AuditEvent e : activity(user.id())) {
            events.add(JSON.createObjectBuilder().add("at", e.at().toString()).add("type", e.type()).add("outcome", e.outcome()));
        }
        return JSON.createObjectBuilder().add("exportedAt", clock.instant().toString()).add("profile", profile)
                .add("passkeys", keys).add("sessions", open).add("recentEvents", events).build();
    }

    private static void optional(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }

    /**
     * Deletes the account: logins under way, sessions (their applications hear of it) and grants end first, the
     * account holder is told through the addresses on file, then the account and its passkeys go.
     */
    public void delete(User user, String browser) {
        // Inactive first: from now on no session of it signs anyone in and no grant of it answers, whatever races.
        users.update(user.id(), u -> u.withActive(false));
        endEverything(user.id());
        users.delete(user.id());
        audit.record(new AuditEvent(clock.instant(), "account.deleted", Optional.of(user.id()), "BY_HOLDER", ""));
        notifier.tellNow(user, Notice.Kind.ACCOUNT_DELETED, browser); // the addresses from before: the account is gone
    }
}
