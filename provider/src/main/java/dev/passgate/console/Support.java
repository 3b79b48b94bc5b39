package dev.passgate.console;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.passgate.account.AccountPasskeys;
import dev.passgate.account.AccountSecurity;
import dev.passgate.account.Outcome;
import dev.passgate.account.PasskeyRow;
import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.login.CodeLockout;
import dev.passgate.login.PasswordThrottle;
import dev.passgate.login.steps.IdentifyStep;
import dev.passgate.notify.Notice;
import dev.passgate.notify.Notifier;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.recovery.Recovery;
import dev.passgate.user.User;
import dev.passgate.user.UserListing;
import dev.passgate.user.UserStore;

/**
 * What support staff can see of a person and do for them (seed 003: reset passkeys, guide users, with
 * role-based control, auditing). Each change is given a reason, audited as {@code support.<action>}
 * on the person's account with the agent and the reason, and told to the person where it changes
 * their account. Who may do what is {@link ConsoleAction}; the resource checks it before calling here.
 */
public final class Support {
    public static final int MAX_REASON = 500;
    static final int FOUND_AT_MOST = 50;
    static final int EVENTS_SHOWN = 40;
    /** What support reads to guide a person: sign-ins, the passkey decision and its reason, failures, changes. */
    static final Set<String> EVENTS = Set.of(IdentifyStep.DECISION_EVENT, "login.success", "passkey.failure", "passkey.success",
            "passkey.fallback", "password.failure", "password.throttled", "otp.send", "otp.verify", "passkey.offer", "passkey.offer_skipped",
            "passkey.registered", "passkey.registration_failure", "passkey.cross_device", "account.passkey_deleted",
            "account.password_changed", "account.contact_changed", "account.session_ended", "recovery.started",
            "recovery.completed", "support.reset-passkeys", "support.unlock", "support.end-sessions", "support.deactivate",
            "support.reactivate", "support.recovery-link", "support.assign-roles", "support.force-password-change", "scim.roles",
            "login.new_password_asked");

    /** What support sees on a person's page. */
    public record Card(User user, Set<Role> roles, List<PasskeyRow> passkeys, Optional<Instant> passwordSlowedUntil,
                       boolean codesLocked, boolean recoveryLocked, List<SsoSession> sessions, List<AuditEvent> events) {
        public boolean hasPassword() {
            return user.passwordHash() != null;
        }
    }

    /** Why an action did nothing. */
    public enum Refusal { NO_REASON, NOT_FOUND, OWN_ACCOUNT, PRIVILEGED, NOT_A_CHANGE, NO_PASSWORD }

    /** Searches shorter than this find nothing but an exact id or phone: no listing of everyone a letter at a time. */
    static final int MIN_QUERY = 3;

    private final UserStore users;
    private final UserListing listing;
    private final AccountPasskeys passkeys;
    private final AccountSecurity security;
    private final PasswordThrottle throttle;
    private final List<CodeLockout> codeLocks;
    private final Recovery recovery;
    private final AuditLog audit;
    private final Notifier notifier;
    private final ConsoleSettings settings;
    private final Clock clock;

    /** @param codeLocks the sign-in's lock first, then recovery's: an unlock lifts both */
    public Support(UserStore users, UserListing listing, AccountPasskeys passkeys, AccountSecurity security,
                   PasswordThrottle throttle, List<CodeLockout> codeLocks, Recovery recovery, AuditLog audit, Notifier notifier,
                   ConsoleSettings settings, Clock clock) {
        this.users = users;
        this.listing = listing;
        this.passkeys = passkeys;
        this.security = security;
        this.throttle = throttle;
        this.codeLocks = List.copyOf(codeLocks);
        this.recovery = recovery;
        this.audit = audit;
        this.notifier = notifier;
        this.settings = settings;
        this.clock = clock;
    }

    public List<User> find(String text) {
        if (text == null || text.isBlank() || text.length() > 320 || text.indexOf(0) >= 0) {
            return List.of();
        }
        List<User> found = listing.search(text, FOUND_AT_MOST);
        return text.strip().length() >= MIN_QUERY ? found
                : found.stream().filter(u -> u.id().equals(text.strip())).toList();
    }

    public Optional<Card> card(String userId) {
        return users.findById(userId).map(u -> new Card(u, Role.of(u), passkeys.list(u.id()),
                throttle.accountLockedUntil(PasswordThrottle.account(Optional.of(u.id()), u.username())),
                codeLocks.get(0).locked(u.id()), codeLocks.size() > 1 && codeLocks.get(1).locked(u.id()),
                security.sessions(u.id()), audit.recentFor(u.id(), EVENTS, EVENTS_SHOWN)));
    }

    /**
     * Does {@code action} to the account {@code targetId} for {@code agent}.
     *
     * @param roles   for {@link ConsoleAction#ASSIGN_ROLES}: the console roles the account is to hold
     * @param browser the agent's browser, for the notice ("from ...")
     * @return for {@link ConsoleAction#RECOVERY_LINK} the link's secret (shown once), else an empty string
     */
    public Outcome<String, Refusal> act(User agent, ConsoleAction action, String targetId, String reason, Set<Role> roles,
                                        String browser) {
        if (!action.changes()) {
            return Outcome.refused(Refusal.NOT_A_CHANGE);
        }
        String why = reason == null ? "" : reason.strip().replaceAll("\\p{Cntrl}", " ");
        if (why.isEmpty()) {
            return Outcome.refused(Refusal.NO_REASON);
        }
        why = why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why;
        Optional<User> found = targetId == null ? Optional.empty() : users.findById(targetId);
        if (found.isEmpty()) {
            return Outcome.refused(Refusal.NOT_FOUND);
        }
        User target = found.get();
        if (target.id().equals(agent.id())) {
            return Outcome.refused(Refusal.OWN_ACCOUNT); // never one's own roles or state: a second person must agree
        }
        if (!Role.of(target).isEmpty() && !Role.of(agent).contains(Role.ADMIN)) {
            // Support helps people, not staff: a recovery link or a passkey reset for an admin would be a way to become one.
            return Outcome.refused(Refusal.PRIVILEGED);
        }
        if (action == ConsoleAction.FORCE_PASSWORD_CHANGE && target.passwordHash() == null) {
            return Outcome.refused(Refusal.NO_PASSWORD); // nothing to replace: a passkey-only account keeps its passkeys
        }
        String[] detail = {""};
        String result = "";
        boolean done = false;
        try {
            result = apply(agent, action, target, roles, browser, detail);
            done = true;
        } finally {
            audit.record(new AuditEvent(clock.instant(), "support." + action.slug(), Optional.of(target.id()),
                    done ? "OK" : "FAILED", "agent=" + agent.id() + " (" + agent.username() + ") reason=\""
                    + why.replace('"', '\'') + "\"" + (detail[0].isEmpty() ? "" : " " + detail[0])));
        }
        return result == null ? Outcome.refused(Refusal.NOT_FOUND) : Outcome.ok(result);
    }

    /** Does it; @return the recovery link's secret, "" for the rest, null when the account cannot take it */
    private String apply(User agent, ConsoleAction action, User target, Set<Role> roles, String browser, String[] detail) {
        String result = "";
        switch (action) {
            case RESET_PASSKEYS -> {
                // Deleted one by one through the account's own path; the next login offers a new one, and the
                // account pages' Signal API catch-up tells the person's authenticators.
                int n = 0;
                for (PasskeyRow p : passkeys.list(target.id())) {
                    if (passkeys.deleteQuietly(target.id(), p.id())) {
                        n++;
                    }
                }
                detail[0] = "deleted=" + n;
                notifier.accountChanged(target.id(), Notice.Kind.PASSKEYS_RESET, browser);
            }
            case UNLOCK -> {
                throttle.unlockAccount(PasswordThrottle.account(Optional.of(target.id()), target.username()));
                codeLocks.forEach(l -> l.clear(target.id()));
            }
            case END_SESSIONS -> {
                security.endEverything(target.id());
                notifier.accountChanged(target.id(), Notice.Kind.SIGNED_OUT_BY_SUPPORT, browser);
            }
            case FORCE_PASSWORD_CHANGE -> {
                // Every sign-in made with the password support doubts ends now (logins under way too), so the very
                // next one, by any method, stops for a new password.
                users.update(target.id(), u -> u.passwordHash() == null ? u : u.withPasswordChangeRequired(true));
                security.endEverything(target.id());
                notifier.accountChanged(target.id(), Notice.Kind.PASSWORD_CHANGE_ASKED, browser);
            }
            case DEACTIVATE -> {
                users.update(target.id(), u -> u.withActive(false));
                security.endEverything(target.id());
                notifier.accountChanged(target.id(), Notice.Kind.DEACTIVATED, browser);
            }
            case REACTIVATE -> {
                users.update(target.id(), u -> u.withActive(true));
                notifier.accountChanged(target.id(), Notice.Kind.REACTIVATED, browser);
            }
            case RECOVERY_LINK -> {
                Optional<String> link = recovery.issueLink(target.id(), settings.recoveryLinkTtl());
                if (link.isEmpty()) {
                    detail[0] = "refused=inactive";
                    return null; // deactivated: reactivate first
                }
                result = link.get();
                detail[0] = "expires=" + clock.instant().plus(settings.recoveryLinkTtl());
                notifier.accountChanged(target.id(), Notice.Kind.RECOVERY_LINK_ISSUED, browser);
            }
            case ASSIGN_ROLES -> {
                Set<String> console = EnumSet.allOf(Role.class).stream().map(Role::value).collect(Collectors.toSet());
                List<String> wanted = roles.stream().map(Role::value).sorted().toList();
                users.update(target.id(), u -> u.withRoles(java.util.stream.Stream.concat(
                        u.roles().stream().filter(r -> !console.contains(r)), wanted.stream()).toList()));
                detail[0] = "roles=" + String.join(",", wanted);
            }
            default -> throw new IllegalArgumentException(action + " changes nothing");
        }
        return result;
    }

    /** A person's page was opened: who looked at whom is in the trail too. */
    public void viewed(User agent, String targetId) {
        audit.record(new AuditEvent(clock.instant(), "support.viewed", Optional.of(targetId), "OK",
                "agent=" + agent.id() + " (" + agent.username() + ")"));
    }
}
