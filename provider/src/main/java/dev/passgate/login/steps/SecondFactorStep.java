package dev.passgate.login.steps;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.interaction.Acr;
import dev.passgate.login.CodeLockout;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.StepResult;
import dev.passgate.otp.Channel;
import dev.passgate.otp.Deliveries;
import dev.passgate.otp.OneTimeCodes;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Step 4: a one-time code by email or SMS after the password. With one channel on file the code
 * goes out at once; with two the person chooses. A delivery failure offers the other channel and
 * loses nothing: the login stays where it was.
 */
public final class SecondFactorStep {
    private final OneTimeCodes codes;
    private final Deliveries deliveries;
    private final UserStore users;
    private final AuditLog audit;
    private final CodeLockout lockout;
    private final Clock clock;

    public SecondFactorStep(OneTimeCodes codes, Deliveries deliveries, UserStore users, CodeLockout lockout, AuditLog audit,
                            Clock clock) {
        this.lockout = lockout;
        this.codes = codes;
        this.deliveries = deliveries;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** The channels this account can receive a code on, given what is configured. */
    public Set<Channel> channels(User user) {
        return deliveries.availableChannels(user.email(), user.phone());
    }

    /**
     * A right code proves the person reads the address or number it went to: that one counts as verified from
     * now on (what "Can't sign in?" relies on), if it is still the one on file — an address changed since the code
     * was sent (by support, say) proves nothing. Written only the first time, so a sign-in costs no extra write after.
     */
    private void markVerified(String userId, Optional<Channel> channel, Optional<String> sentTo) {
        if (channel.isEmpty() || sentTo.isEmpty()) {
            return;
        }
        Channel c = channel.get();
        java.util.function.Predicate<String> same = onFile -> onFile != null && c.normalize(onFile).equals(sentTo);
        try {
            users.findById(userId).ifPresent(u -> {
                if (c == Channel.EMAIL && same.test(u.email()) && !u.emailVerified()) {
                    users.update(userId, x -> same.test(x.email()) ? x.withEmail(x.email(), true) : x);
                } else if (c == Channel.SMS && same.test(u.phone()) && !u.phoneVerified()) {
                    users.update(userId, x -> same.test(x.phone()) ? x.withPhone(x.phone(), true) : x);
                }
            });
        } catch (RuntimeException e) { // the code was right and is spent: a mark that could not be written must not undo the sign-in
            java.util.logging.Logger.getLogger(SecondFactorStep.class.getName())
                    .warning(() -> "Could not mark the address verified for account " + userId + ": " + e.getClass().getSimpleName());
        }
    }

    /** Arriving after the password: with one channel on file the code goes out at once. */
    public StepResult enter(LoginContext ctx) {
        LoginTransaction tx = ctx.transaction();
        Optional<User> user = tx.userId().flatMap(users::findById);
        if (user.isEmpty()) {
            return StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        Set<Channel> channels = channels(user.get());
        if (channels.isEmpty()) {
            return StepResult.error(tx, LoginError.NO_SECOND_FACTOR_ON_FILE);
        }
        if (channels.size() == 1) {
            return send(ctx.with(tx), channels.iterator().next());
        }
        return StepResult.to(tx);
    }

    public StepResult send(LoginContext ctx, Channel channel) {
        LoginTransaction tx = ctx.transaction();
        Optional<User> user = tx.userId().flatMap(users::findById);
        if (user.isEmpty() || !tx.passwordVerified() || !channels(user.get()).contains(channel)) {
            return StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        String destination = channel == Channel.EMAIL ? user.get().email() : user.get().phone();
        Optional<LoginError> problem = lockout.locked(user.get().id()) ? Optional.of(LoginError.CODES_LOCKED)
                : OtpErrors.of(() -> codes.send(tx.idHash(), user.get().id(), channel, destination, ctx.locale()));
        audit.record(new AuditEvent(clock.instant(), "otp.send", tx.userId(), problem.map(LoginError::code).orElse("SENT"),
                "channel=" + channel));
        LoginTransaction next = problem.isPresent() ? tx : tx.change().otpChannel(channel.name()).build();
        return problem.map(e -> StepResult.error(next, e)).orElseGet(() -> StepResult.to(next));
    }

    public StepResult resend(LoginContext ctx) {
        LoginTransaction tx = ctx.transaction();
        if (tx.otpChannel().isEmpty()) {
            return StepResult.to(tx);
        }
        Optional<LoginError> problem = tx.userId().filter(lockout::locked).map(u -> LoginError.CODES_LOCKED)
                .or(() -> OtpErrors.of(() -> codes.resend(tx.idHash(), ctx.locale())));
        audit.record(new AuditEvent(clock.instant(), "otp.resend", tx.userId(), problem.map(LoginError::code).orElse("SENT"),
                "channel=" + tx.otpChannel().orElse("")));
        return problem.map(e -> StepResult.error(tx, e)).orElseGet(() -> StepResult.to(tx));
    }

    public StepResult verify(LoginContext ctx, String code) {
        LoginTransaction tx = ctx.transaction();
        if (code == null || code.isBlank()) {
            return StepResult.error(tx, LoginError.MISSING_INPUT);
        }
        String userId = tx.userId().orElse("");
        Optional<String> sentTo = codes.pendingDestination(tx.idHash()); // read before a right code uses it up
        Optional<LoginError> problem = lockout.locked(userId) ? Optional.of(LoginError.CODES_LOCKED)
                : OtpErrors.check(codes.verify(tx.idHash(), code));
        // Only a guess that was judged counts (CODE_WRONG spent a try; "too many" refused before judging).
        if (problem.equals(Optional.of(LoginError.CODE_WRONG))) {
            lockout.failed(userId);
        } else if (problem.isEmpty()) {
            lockout.clear(userId);
        }
        Instant now = clock.instant();
        audit.record(new AuditEvent(now, "otp.verify", tx.userId(), problem.map(LoginError::code).orElse("VERIFIED"),
                "channel=" + tx.otpChannel().orElse("")));
        if (problem.isPresent()) {
            return StepResult.error(tx, problem.get());
        }
        markVerified(userId, tx.otpChannel().flatMap(Channel::parse), sentTo);
        String method = Channel.SMS.name().equals(tx.otpChannel().orElse("")) ? "sms" : "otp"; // RFC 8176
        LoginTransaction verified = tx.change().verified(List.of("pwd", method, "mfa"), Acr.MFA, now).build();
        return StepResult.to(verified.change().state(LoginState.OFFER_PASSKEY).build()); // the flow then enters it: the offer is decided
    }
}
