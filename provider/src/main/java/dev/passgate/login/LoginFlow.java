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


import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.interaction.Interaction;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.interaction.LoginResult;
import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.security.Secrets;

/**
 * The login as an explicit state machine. {@link #RULES} lists every action allowed in every
 * state and the states it may lead to; nothing else decides what may happen. Every request goes
 * through {@link #handle}: check the action against the table, spend the challenge when the
 * action answers one, run the step, run the entry step of the state it leads to (send the code,
 * decide the offer), check again, save once with optimistic locking (two racing requests cannot
 * both advance), and on DONE hand the result to the protocol. Steps decide; they never save,
 * and never call another step.
 *
 * <pre>
 * IDENTIFY ──passkey likely──▶ PASSKEY ──verified──────────────▶ DONE
 *    │  └──autofill passkey verified───────────────────────────▶ DONE
 *    └──no passkey / password asked──▶ PASSWORD ◀──failures ≥ threshold / "use password"──┘
 * PASSWORD ──correct──▶ ONE_TIME_CODE ──valid code──▶ OFFER_PASSKEY (append / heal) ──created / later──▶ DONE
 *    └──second factor off──▶ DONE                 └──nothing to offer──────────────────────────────▶ DONE
 * arriving at DONE while support asks for a new password ──▶ NEW_PASSWORD ──set──▶ DONE
 * </pre>
 */
public final class LoginFlow {
    private static final LoginState I = LoginState.IDENTIFY, K = LoginState.PASSKEY, P = LoginState.PASSWORD,
            C = LoginState.ONE_TIME_CODE, O = LoginState.OFFER_PASSKEY, N = LoginState.NEW_PASSWORD, D = LoginState.DONE;

    /** (state, action) → the states the action may lead to. Absent: the action is refused in that state. */
    static final Map<LoginState, Map<LoginAction, Set<LoginState>>> RULES = new EnumMap<>(Map.of(
            I, rules(Map.of(
                    LoginAction.IDENTIFY, EnumSet.of(I, K, P),
                    LoginAction.PASSKEY_OPTIONS, EnumSet.of(I),         // autofill
                    LoginAction.PASSKEY_VERIFY, EnumSet.of(I, O, D),   // O: signed in from another device
                    LoginAction.PASSKEY_FAILURE, EnumSet.of(I))),
            K, rules(Map.of(
                    LoginAction.PASSKEY_OPTIONS, EnumSet.of(K),
                    LoginAction.PASSKEY_VERIFY, EnumSet.of(K, P, O, D),
                    LoginAction.PASSKEY_FAILURE, EnumSet.of(K, P),     // P: failures reached the threshold
                    LoginAction.USE_PASSWORD, EnumSet.of(P))),
            P, rules(Map.of(
                    LoginAction.PASSWORD, EnumSet.of(P, C, D))),        // D only with the second factor switched off
            C, rules(Map.of(
                    LoginAction.ENTER, EnumSet.of(C),                  // one channel on file: the code goes out now
                    LoginAction.SEND_CODE, EnumSet.of(C),
                    LoginAction.RESEND_CODE, EnumSet.of(C),
                    LoginAction.VERIFY_CODE, EnumSet.of(C, O))),
            O, rules(Map.of(
                    LoginAction.ENTER, EnumSet.of(O, D),               // D: nothing to offer
                    LoginAction.REGISTER_OPTIONS, EnumSet.of(O),
                    LoginAction.REGISTER_VERIFY, EnumSet.of(O, D),
                    LoginAction.REGISTER_FAILURE, EnumSet.of(O),
                    LoginAction.SKIP_OFFER, EnumSet.of(D))),
            N, rules(Map.of(
                    LoginAction.SET_PASSWORD, EnumSet.of(N, D))),
            // No request moves a finished login; arriving at DONE, a new password support asked for comes first.
            D, rules(Map.of(
                    LoginAction.ENTER, EnumSet.of(D, N)))));

    private static Map<LoginAction, Set<LoginState>> rules(Map<LoginAction, Set<LoginState>> rules) {
        return rules.isEmpty() ? Map.of() : new EnumMap<>(rules);
    }

    private final InteractionStore interactions;
    private final LoginTransactionStore transactions;
    private final OfferRecord offers;
    private final AuditLog audit;
    private final Map<LoginState, LoginStep> entries;
    private final URI authorizationEndpoint;
    private final Duration ttl;
    private final Clock clock;

    /** @param entries what arriving in a state does ({@link LoginAction#ENTER}): the second factor's and the offer's entry steps */
    public LoginFlow(InteractionStore interactions, LoginTransactionStore transactions, OfferRecord offers, AuditLog audit,
                     Map<LoginState, LoginStep> entries, URI authorizationEndpoint, Duration ttl, Clock clock) {
        this.interactions = interactions;
        this.transactions = transactions;
        this.offers = offers;
        this.audit = audit;
        this.entries = Map.copyOf(entries);
        this.authorizationEndpoint = authorizationEndpoint;
        this.ttl = ttl;
        this.clock = clock;
        for (LoginState state : this.entries.keySet()) {
            if (!RULES.get(state).containsKey(LoginAction.ENTER)) {
                throw new IllegalArgumentException("no ENTER rule for " + state);
            }
        }
    }

    /** Whether {@code action} may, in {@code state}, lead to {@code to}. */
    public static boolean allowed(LoginState state, LoginAction action, LoginState to) {
        return RULES.get(state).getOrDefault(action, Set.of()).contains(to);
    }

    /** Whether {@code action} is allowed in {@code state} at all. */
    public static boolean allowed(LoginState state, LoginAction action) {
        return RULES.get(state).containsKey(action);
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
        // Not written until the login's first change: showing the first page costs no commit (issue 13).
        LoginTransaction tx = transactions.find(idHash).orElseGet(() -> {
            Instant expires = now.plus(ttl).isBefore(interaction.get().expiresAt()) ? now.plus(ttl) : interaction.get().expiresAt();
            return LoginTransaction.start(idHash, interaction.get().param("login_hint").orElse(""), now, expires);
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

    /**
     * The one way a login changes: check {@code action} against {@link #RULES}, spend the
     * challenge when the action answers one, run {@code step}, run the entry step of a newly
     * reached state, check the move, save once, finish on DONE. A refused request changes nothing.
     */
    public LoginOutcome handle(LoginContext request, LoginAction action, LoginStep step) {
        // Every event this step records carries the login and its client (the trail's "which login, which app").
        dev.passgate.audit.AuditContext.login(request.transaction().idHash(), request.interaction().clientId());
        if (request.transaction().version() == 0) { // perhaps never written: its row goes into this request's commit
            transactions.create(request.transaction());
        }
        LoginOutcome outcome = attempt(request, action, step);
        if (outcome == CONFLICT && RETRIED_ON_CONFLICT.contains(action)) {
            // The page's own background calls (autofill's options and failure reports) save the login
            // too; the person's form must not lose that race. Applied once more to the login as it is now.
            Optional<LoginTransaction> now = transactions.find(request.transaction().idHash());
            if (now.isPresent()) {
                outcome = attempt(request.with(now.get()), action, step);
            }
        }
        if (outcome == CONFLICT) { // another request advanced this login first: show where it is now
            return transactions.find(request.transaction().idHash())
                    .<LoginOutcome>map(LoginOutcome.OutOfStep::new)
                    .orElseGet(() -> new LoginOutcome.Expired(restart(request.interactionId())));
        }
        return outcome;
    }

    /**
     * Actions whose step has no effect but on the login row (and the audit trail), so running them
     * twice is harmless. Never a password, a code or a ceremony answer: those count or spend.
     */
    private static final java.util.Set<LoginAction> RETRIED_ON_CONFLICT = java.util.EnumSet.of(LoginAction.IDENTIFY,
            LoginAction.USE_PASSWORD);
    /** {@link #attempt}'s answer when another request saved the login between our read and our write. */
    private static final LoginOutcome CONFLICT = new LoginOutcome.OutOfStep(null);

    private LoginOutcome attempt(LoginContext request, LoginAction action, LoginStep step) {
        LoginContext ctx = request;
        String interactionId = request.interactionId();
        LoginTransaction from = ctx.transaction();
        if (action == LoginAction.ENTER || !allowed(from.state(), action)) { // a stale tab, a replay, a forged call
            return new LoginOutcome.OutOfStep(from);
        }
        Optional<Challenge> spent = Optional.empty();
        if (action.spendsChallenge()) {
            // Spent before its answer is checked, and only the request that spends it goes on:
            // two parallel answers to one ceremony cannot both succeed.
            spent = Challenge.of(from);
            LoginTransaction cleared = from.change().challenge(null, null).build();
            if (spent.isEmpty() || !transactions.update(cleared)) {
                return new LoginOutcome.OutOfStep(from);
            }
            from = cleared.withVersion(cleared.version() + 1);
            ctx = ctx.with(from);
        }
        StepResult result = step.apply(ctx, spent);
        if (!allowed(from.state(), action, result.next().state())) {
            return refused(from, action, result.next().state());
        }
        // Arrivals chain: the offer's entry may finish at once, and arriving at DONE may stop for a new password.
        LoginState left = from.state();
        for (LoginState arrived = result.next().state(); arrived != left && entries.containsKey(arrived);
             left = arrived, arrived = result.next().state()) {
            StepResult entered = entries.get(arrived).apply(ctx.with(result.next()), Optional.empty());
            if (!allowed(arrived, LoginAction.ENTER, entered.next().state())) {
                return refused(from, LoginAction.ENTER, entered.next().state());
            }
            result = new StepResult(entered.next(), entered.error().or(result::error),
                    entered.deviceCookie().or(result::deviceCookie), entered.json().or(result::json));
        }
        LoginTransaction next = result.next();
        if (!transactions.update(next)) {
            return CONFLICT;
        }
        LoginTransaction saved = next.withVersion(next.version() + 1);
        if (saved.state() == LoginState.DONE) {
            return finish(ctx, saved, result.deviceCookie());
        }
        return new LoginOutcome.Show(saved, result.error(), result.deviceCookie(), result.json());
    }

    /** A step that tried a move the table does not allow: a bug, never a person's fault. Nothing is saved. */
    private LoginOutcome refused(LoginTransaction from, LoginAction action, LoginState to) {
        audit.record(new AuditEvent(clock.instant(), "login.refused_move", from.userId(), action.name(),
                from.state() + " -> " + to));
        return new LoginOutcome.Show(from, Optional.of(LoginError.SESSION_EXPIRED));
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
                "acr=" + tx.acr().orElse("") + tx.ceremony().map(c -> " ceremony=" + c).orElse("")));
        return new LoginOutcome.Finished(URI.create("/authorize/resume?interaction=" + ctx.interactionId()), deviceCookie);
    }
}
