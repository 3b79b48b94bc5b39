package dev.passgate.login.steps;

import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.StepResult;
import dev.passgate.notify.Notice;
import dev.passgate.notify.Notifier;
import dev.passgate.password.PasswordHasher;
import dev.passgate.password.PasswordPolicy;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Support's "force a password change at next login" (issue 12). Arriving at DONE, a login whose account
 * carries the request stops at NEW_PASSWORD, whatever the method that signed the person in: the password
 * support believes known to someone else must not outlive this sign-in. The new password follows the
 * account pages' policy, clears the request, ends every other sign-in and grant, and the person is told.
 *
 * <p>Only a sign-in with a factor besides that password may set it: with the second factor switched off, whoever
 * else knows the doubted password would otherwise choose the new one and lock the owner out. Such a login stays
 * at NEW_PASSWORD, and the page sends the person to recovery (a code to their address, or support's link).
 */
public final class NewPasswordStep {
    private final UserStore users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final BiConsumer<String, String> endOtherSignIns;
    private final AuditLog audit;
    private final Notifier notifier;
    private final Clock clock;

    /**
     * @param endOtherSignIns (account, this login's id hash): ends the account's other logins under way, its sessions
     *                        (their applications told) and grants, never this login
     */
    public NewPasswordStep(UserStore users, PasswordPolicy policy, PasswordHasher hasher, BiConsumer<String, String> endOtherSignIns,
                           AuditLog audit, Notifier notifier, Clock clock) {
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.endOtherSignIns = endOtherSignIns;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Arriving at DONE: on to NEW_PASSWORD while the account still asks for one. One read by primary key. */
    public StepResult enter(LoginContext ctx) {
        LoginTransaction tx = ctx.transaction();
        boolean asked = tx.userId().flatMap(users::findById).map(User::passwordChangeRequired).orElse(false);
        if (!asked) {
            return StepResult.to(tx);
        }
        audit.record(new AuditEvent(clock.instant(), "login.new_password_asked", tx.userId(), "ASKED", ""));
        return StepResult.to(tx.change().state(LoginState.NEW_PASSWORD).build());
    }

    /** Whether this sign-in proved more than the password support doubts: a passkey, or a code sent to the person. */
    public static boolean proven(LoginTransaction tx) {
        return tx.amr().stream().anyMatch(method -> !"pwd".equals(method));
    }

    public StepResult set(LoginContext ctx, String password, String repeat) {
        LoginTransaction tx = ctx.transaction();
        Optional<User> user = tx.userId().flatMap(users::findById).filter(User::active);
        if (user.isEmpty()) {
            return StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        if (!proven(tx)) {
            return StepResult.error(tx, LoginError.NEW_PASSWORD_NEEDS_RECOVERY);
        }
        if (password == null || password.isEmpty()) {
            return StepResult.error(tx, LoginError.MISSING_INPUT);
        }
        if (!password.equals(repeat)) {
            return StepResult.error(tx, LoginError.NEW_PASSWORD_MISMATCH);
        }
        Optional<PasswordPolicy.Problem> problem = policy.check(password, user.get().username(), user.get().email());
        if (problem.isPresent()) {
            return StepResult.error(tx, switch (problem.get()) {
                case TOO_SHORT -> LoginError.NEW_PASSWORD_TOO_SHORT;
                case TOO_LONG -> LoginError.NEW_PASSWORD_TOO_LONG;
                case COMMON -> LoginError.NEW_PASSWORD_COMMON;
                case LIKE_USERNAME -> LoginError.NEW_PASSWORD_LIKE_USERNAME;
            });
        }
        if (user.get().passwordHash() != null && hasher.verify(password, user.get().passwordHash())) {
            return StepResult.error(tx, LoginError.NEW_PASSWORD_SAME); // the one support believes known to someone else
        }
        String hash = hasher.hash(password);
        String id = user.get().id();
        // Written only while the request stands: a password set since, elsewhere, already answered it.
        Optional<User> saved;
        try {
            saved = users.update(id, u -> u.passwordChangeRequired() ? u.withPasswordHash(hash) : u);
        } catch (UserStore.DuplicateUserException raced) { // another write to the account won: nothing was set
            return StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        if (saved.isEmpty() || !hash.equals(saved.get().passwordHash())) {
            return saved.filter(u -> !u.passwordChangeRequired()).isPresent()
                    ? StepResult.to(tx.change().state(LoginState.DONE).build()) // answered meanwhile: carry on
                    : StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        endOtherSignIns.accept(id, tx.idHash()); // whoever else passed the old password: their logins end here
        audit.record(new AuditEvent(clock.instant(), "account.password_changed", Optional.of(id), "OK", "asked_by=support"));
        notifier.accountChanged(id, Notice.Kind.PASSWORD_CHANGED, ctx.browser());
        return StepResult.to(tx.change().state(LoginState.DONE).build());
    }
}
