package dev.passgate.login.steps;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.interaction.Acr;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.StepResult;
import dev.passgate.login.PasswordThrottle;
import dev.passgate.password.PasswordHasher;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Step 3, the fallback: the account's password, throttled per account and per address. A correct
 * password leads to the second factor; it never completes a login with a second factor pending,
 * and never alone leads to a passkey offer.
 */
public final class PasswordStep {
    private final UserStore users;
    private final PasswordHasher hasher;
    private final PasswordThrottle throttle;
    private final LoginSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    public PasswordStep(UserStore users, PasswordHasher hasher, PasswordThrottle throttle, LoginSettings settings, AuditLog audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    public StepResult password(LoginContext ctx, String password) {
        LoginTransaction tx = ctx.transaction();
        if (password == null || password.isEmpty()) {
            return StepResult.error(tx, LoginError.MISSING_INPUT);
        }
        Instant now = clock.instant();
        String account = PasswordThrottle.account(tx.userId(), tx.identifier());
        if (!throttle.attempt(account, ctx.clientAddress())) {
            audit.record(new AuditEvent(now, "password.throttled", tx.userId(), "LOCKED", ""));
            return StepResult.error(tx, LoginError.TEMPORARILY_LOCKED);
        }
        Optional<User> user = tx.userId().flatMap(users::findById).filter(User::active);
        // Unknown accounts cost the same Argon2id work as known ones.
        boolean ok = hasher.verify(password, user.map(User::passwordHash).orElse(null)) && user.isPresent();
        if (!ok) {
            audit.record(new AuditEvent(now, "password.failure", tx.userId(), "WRONG_CREDENTIALS", ""));
            return StepResult.error(tx, LoginError.WRONG_CREDENTIALS);
        }
        throttle.success(account, ctx.clientAddress());
        audit.record(new AuditEvent(now, "password.success", tx.userId(), "VERIFIED", ""));
        LoginTransaction verified = tx.change().passwordVerified().build();
        if (!settings.secondFactorRequired()) {
            return StepResult.to(verified.change().verified(List.of("pwd"), Acr.PASSWORD, now).state(LoginState.DONE).build());
        }
        return StepResult.to(verified.change().state(LoginState.ONE_TIME_CODE).build()); // the flow then enters it: the code goes out
    }
}
