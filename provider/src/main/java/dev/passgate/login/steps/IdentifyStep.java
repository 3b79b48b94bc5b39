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
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.StepResult;
import dev.passgate.login.intelligence.ClientCapabilities;
import dev.passgate.login.intelligence.Decision;
import dev.passgate.login.intelligence.PasskeyIntelligence;
import dev.passgate.login.intelligence.PasskeySummary;
import dev.passgate.passkey.PasskeyLookup;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Step 1: the identifier. Passkey intelligence decides between the passkey and the password, and
 * the decision is recorded with its reason. An unknown identifier takes the same path as an
 * account without passkeys (the password page, where it fails like a wrong password), after the
 * same database work, so neither the next page nor its timing tells them apart.
 */
public final class IdentifyStep {
    public static final String DECISION_EVENT = "passkey.decision";

    private final UserStore users;
    private final PasskeyLookup passkeys;
    private final PasskeyIntelligence intelligence;
    private final AuditLog audit;
    private final Clock clock;

    public IdentifyStep(UserStore users, PasskeyLookup passkeys, PasskeyIntelligence intelligence, AuditLog audit,
                        Clock clock) {
        this.users = users;
        this.passkeys = passkeys;
        this.intelligence = intelligence;
        this.audit = audit;
        this.clock = clock;
    }

    /** How much of the browser's capability probe arrived with the form: the audit says when the decision lacked it. */
    public enum Probe {
        /** Every capability the browser could tell. */
        COMPLETE,
        /** The form waited its bounded time and went with what was known (WebAuthn yes or no, the rest unknown). */
        PARTIAL,
        /** No script ran: the page works without it, on the password. */
        MISSING;

        public static Probe of(String field) {
            return "complete".equals(field) ? COMPLETE : "partial".equals(field) ? PARTIAL : MISSING;
        }
    }

    /**
     * @param probe             how much of {@code browser} the page's script could find out
     * @param passwordRequested the person chose "Use password instead"
     */
    public StepResult identify(LoginContext ctx, String identifier, ClientCapabilities browser, Probe probe,
                               boolean passwordRequested) {
        LoginTransaction tx = ctx.transaction();
        String typed = identifier == null ? "" : identifier.trim();
        if (typed.isEmpty() || typed.length() > 320) {
            return StepResult.error(tx, LoginError.MISSING_INPUT);
        }
        Optional<User> user = users.findByIdentifier(typed).filter(User::active);
        List<PasskeySummary> summaries = summaries(user.map(User::id).orElse("00000000-unknown"));
        if (user.isEmpty()) {
            summaries = List.of();
        }
        Instant now = clock.instant();
        Decision decision = passwordRequested
                ? Decision.of(Decision.Kind.FALLBACK, Decision.Reason.NO_PASSKEYS)
                : intelligence.decide(summaries, browser, ctx.device(), tx.passkeyFailures(), now,
                        Acr.requested(ctx.interaction().param("acr_values"), ctx.interaction().param("claims"))
                                .filter(Acr.PHISHING_RESISTANT::equals).isPresent());
        audit.record(new AuditEvent(now, DECISION_EVENT, user.map(User::id),
                decision.kind() + ":" + (passwordRequested ? "PASSWORD_REQUESTED" : decision.reason().name()),
                "capabilities=" + browser.encode() + " probe=" + probe.name().toLowerCase(java.util.Locale.ROOT)
                        + " passkeys=" + summaries.size()));
        LoginState next = decision.kind() == Decision.Kind.FALLBACK ? LoginState.PASSWORD : LoginState.PASSKEY;
        LoginTransaction moved = tx.change()
                .user(user.map(User::id).orElse(null), typed)
                .challenge(null, null) // an autofill challenge issued on this page is void once the identifier is sent
                .capabilities(browser)
                .decision(decision.kind().name())
                .state(next)
                .build();
        // A browser without WebAuthn is told why it gets the password, once, whether or not the account
        // has passkeys (so the notice says nothing about the account). Not when the person asked for it,
        // nor when no script ran (the probe never asked the browser).
        return !passwordRequested && !browser.webAuthn() && probe != Probe.MISSING
                ? StepResult.error(moved, LoginError.NOT_SUPPORTED) : StepResult.to(moved);
    }

    List<PasskeySummary> summaries(String userId) {
        return passkeys.forUser(userId).stream()
                .map(p -> new PasskeySummary(p.credentialId().toString(), p.transports(), p.backupEligible(),
                        p.backupState(), Optional.ofNullable(p.lastUsedAt())))
                .toList();
    }
}
