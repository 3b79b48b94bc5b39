package dev.passgate.login;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;


import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.interaction.Interaction;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.interaction.LoginResult;
import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.login.steps.StepResult;
import dev.passgate.security.Secrets;

/**
 * The login as an explicit state machine. Every allowed move is in {@link #TRANSITIONS}; each step
 * is a small class that decides, and this class checks the move, saves the transaction (with
 * optimistic locking, so two racing requests cannot both advance), and on DONE hands the
 * result to the protocol.
 *
 * <pre>
 * IDENTIFY ──passkey likely──▶ PASSKEY ──verified──────────────▶ DONE
 *    │  └──autofill passkey verified───────────────────────────▶ DONE
 *    └──no passkey / password asked──▶ PASSWORD ◀──failures ≥ threshold / "use password"──┘
 * PASSWORD ──correct──▶ ONE_TIME_CODE ──valid code──▶ OFFER_PASSKEY (append / heal) ──created / later──▶ DONE
 *                                                 └──nothing to offer──────────────────────────────▶ DONE
 * </pre>
 */
public final class LoginFlow {
    static final Map<LoginState, Set<LoginState>> TRANSITIONS = new EnumMap<>(Map.of(
            LoginState.IDENTIFY, EnumSet.of(LoginState.IDENTIFY, LoginState.PASSKEY, LoginState.PASSWORD, LoginState.DONE),
            LoginState.PASSKEY, EnumSet.of(LoginState.PASSKEY, LoginState.PASSWORD, LoginState.DONE),
            LoginState.PASSWORD, EnumSet.of(LoginState.PASSWORD, LoginState.ONE_TIME_CODE, LoginState.DONE),
            LoginState.ONE_TIME_CODE, EnumSet.of(LoginState.ONE_TIME_CODE, LoginState.OFFER_PASSKEY, LoginState.DONE),
            LoginState.OFFER_PASSKEY, EnumSet.of(LoginState.OFFER_PASSKEY, LoginState.DONE),
            LoginState.DONE, EnumSet.noneOf(LoginState.class)));

    private final InteractionStore interactions;
    private final LoginTransactionStore transactions;
    private final OfferRecord offers;
    private final AuditLog audit;
    private final URI authorizationEndpoint;
    private final Duration ttl;
    private final Clock clock;

    public LoginFlow(InteractionStore interactions, LoginTransactionStore transactions, OfferRecord offers, AuditLog audit,
                     URI authorizationEndpoint, Duration ttl, Clock clock) {
        this.interactions = interactions;
        this.transactions = transactions;
        this.offers = offers;
        this.audit = audit;
        this.authorizationEndpoint = authorizationEndpoint;
        this.ttl = ttl;
        this.clock = clock;
    }

    public static boolean allowed(LoginState from, LoginState to) {
        return TRANSITIONS.get(from).contains(to);
    }

    /**
     * The login behind an interaction id, created on first sight. Empty when the interaction is
     * unknown, expired, finished, or not this browser's ({@code browserSecret} is the interaction cookie's value).
     */
    public Optional<LoginContext> open(String interactionId, String browserSecret, DeviceRecord device, String clientAddress) {
        if (interactionId == null || browserSecret == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String idHash = Secrets.sha256(interactionId);
        Optional<Interaction> interaction = interactions.find(idHash)
                .filter(i -> !i.isExpiredAt(now) && i.isBoundTo(browserSecret));
        if (interaction.isEmpty()) {
            return Optional.empty();
        }
        LoginTransaction tx = transactions.find(idHash).orElseGet(() -> {
            Instant expires = now.plus(ttl).isBefore(interaction.get().expiresAt()) ? now.plus(ttl) : interaction.get().expiresAt();
            LoginTransaction fresh = LoginTransaction.start(idHash, interaction.get().param("login_hint").orElse(""), now, expires);
            transactions.create(fresh);
            return transactions.find(idHash).orElse(fresh);
        });
        if (tx.isExpiredAt(now) || tx.state() == LoginState.DONE) {
            return Optional.empty();
        }
        return Optional.of(new LoginContext(interactionId, interaction.get(), tx, device, clientAddress, Locale.ENGLISH));
    }

    /**
     * A login this browser already finished (a double-clicked last button, a reload): where the
     * protocol carries on, so the person is not stranded.
     */
    public Optional<URI> finished(String interactionId, String browserSecret) {
        if (interactionId == null) {
            return Optional.empty();
        }
        return interactions.find(Secrets.sha256(interactionId))
                .filter(i -> i.isBoundTo(browserSecret) && i.result().isPresent())
                .map(i -> URI.create("/authorize/resume?interaction=" + interactionId));
    }

    /** Where to start again when a login has expired: the client's original request, if still known. */
    public Optional<URI> restart(String interactionId) {
        if (interactionId == null) {
            return Optional.empty();
        }
        return interactions.find(Secrets.sha256(interactionId)).map(i -> i.restartAt(authorizationEndpoint));
    }

    /** Applies one step's decision: checks the move, saves, and finishes on DONE. */
    public LoginOutcome apply(LoginContext ctx, Function<LoginContext, StepResult> step) {
        StepResult result = step.apply(ctx);
        LoginTransaction from = ctx.transaction();
        LoginTransaction next = result.next();
        if (!allowed(from.state(), next.state())) { // a request out of step (replayed, forged): refuse, change nothing
            return new LoginOutcome.Show(from, Optional.of(LoginError.SESSION_EXPIRED));
        }
        if (!transactions.update(next)) { // another request advanced this login first: show where it is now
            return transactions.find(from.idHash())
                    .<LoginOutcome>map(t -> new LoginOutcome.Show(t, Optional.empty()))
                    .orElseGet(() -> new LoginOutcome.Expired(restart(ctx.interactionId())));
        }
        LoginTransaction saved = next.withVersion(from.version() + 1);
        if (saved.state() == LoginState.DONE) {
            return finish(ctx, saved, result.deviceCookie());
        }
        return new LoginOutcome.Show(saved, result.error(), result.deviceCookie());
    }

    /** Saves a change that stays in the same step (a new challenge). */
    public Optional<LoginTransaction> save(LoginTransaction changed) {
        return transactions.update(changed) ? Optional.of(changed.withVersion(changed.version() + 1)) : Optional.empty();
    }

    private LoginOutcome finish(LoginContext ctx, LoginTransaction tx, Optional<String> deviceCookie) {
        String userId = tx.userId().orElseThrow();
        LoginResult result = new LoginResult(userId, tx.authTime().orElse(clock.instant()), tx.amr(),
                tx.acr().orElseThrow());
        if (!interactions.complete(ctx.interaction().idHash(), result)) {
            return new LoginOutcome.Expired(Optional.empty());
        }
        offers.countSignIn(userId);
        audit.record(new AuditEvent(clock.instant(), "login.success", Optional.of(userId), String.join(" ", tx.amr()),
                "acr=" + tx.acr().orElse("")));
        return new LoginOutcome.Finished(URI.create("/authorize/resume?interaction=" + ctx.interactionId()), deviceCookie);
    }
}
