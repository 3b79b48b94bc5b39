package dev.passgate.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.audit.AuditLog;
import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.interaction.Acr;
import dev.passgate.interaction.Interaction;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaInteractionStore;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;

/**
 * The login's rule table, on the real stores (H2): every action in every state is tried, and
 * exactly the pairs the table allows change the login; everything else is refused and changes
 * nothing. Plus what the single entry point guarantees: challenges spent once, entry steps run
 * on arrival, moves outside the table refused, racing requests cannot both advance.
 */
class LoginFlowTest {
    static final String BROWSER_SECRET = "browser-secret";
    final Instant now = Instant.parse("2026-12-01T10:00:00Z");
    Database db;
    InteractionStore interactions;
    LoginTransactionStore transactions;
    AuditLog audit;
    final AtomicInteger entered = new AtomicInteger();
    LoginFlow flow;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        new JpaUserStore(db).create(User.create("u1", "ada", now));
        interactions = new JpaInteractionStore(db);
        transactions = JpaLoginStores.transactions(db);
        audit = JpaLoginStores.audit(db);
        // Entry steps that count their runs and, for the offer, finish when asked to.
        Map<LoginState, LoginStep> entries = Map.of(
                LoginState.ONE_TIME_CODE, (ctx, spent) -> {
                    entered.incrementAndGet();
                    return StepResult.to(ctx.transaction());
                },
                LoginState.OFFER_PASSKEY, (ctx, spent) -> {
                    entered.incrementAndGet();
                    return StepResult.to(ctx.transaction());
                });
        flow = new LoginFlow(interactions, transactions, JpaLoginStores.offers(db), audit, entries,
                URI.create("https://id.example/authorize"), Duration.ofMinutes(10), Clock.fixed(now, java.time.ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void everyActionInEveryStateWhenTriedThenExactlyTheTableAllowsIt() {
        int allowedPairs = 0;
        for (LoginState state : LoginState.values()) {
            if (state == LoginState.DONE) {
                continue; // a finished login does not open at all (see below)
            }
            for (LoginAction action : LoginAction.values()) {
                for (LoginState target : LoginState.values()) {
                    LoginContext ctx = loginIn(state);
                    LoginOutcome outcome = flow.handle(ctx, action, (c, spent) -> StepResult.to(moved(c.transaction(), target)));
                    LoginTransaction stored = transactions.find(ctx.transaction().idHash()).orElseThrow();
                    boolean allowed = LoginFlow.allowed(state, action, target) && action != LoginAction.ENTER;
                    String pair = state + " × " + action + " → " + target;
                    if (allowed) {
                        allowedPairs++;
                        assertEquals(target, stored.state(), pair + " is allowed: the login moves");
                        assertFalse(outcome instanceof LoginOutcome.OutOfStep, pair);
                    } else {
                        assertEquals(state, stored.state(), pair + " is refused: the login stays where it was");
                        if (action.spendsChallenge() && LoginFlow.allowed(state, action)) {
                            assertTrue(stored.challenge().isEmpty(), pair + ": the answered challenge stays spent");
                        } else {
                            assertEquals(ctx.transaction().version(), stored.version(), pair + " is refused: nothing saved");
                        }
                    }
                    if (!LoginFlow.allowed(state, action) || action == LoginAction.ENTER) {
                        assertInstanceOf(LoginOutcome.OutOfStep.class, outcome, pair + ": not this step's request");
                    }
                }
            }
        }
        assertEquals(28, allowedPairs, "the table's size: a change to it must be deliberate");
    }

    @Test
    void tableWhenReadThenAPasswordAloneNeverBindsAPasskeyAndNothingGoesBack() {
        for (LoginAction action : LoginAction.values()) {
            assertFalse(LoginFlow.allowed(LoginState.PASSWORD, action, LoginState.OFFER_PASSKEY), "password → offer by " + action);
            assertFalse(LoginFlow.allowed(LoginState.PASSWORD, action, LoginState.PASSKEY), "password → passkey by " + action);
            assertFalse(LoginFlow.allowed(LoginState.OFFER_PASSKEY, action, LoginState.PASSWORD), action.name());
            assertFalse(LoginFlow.allowed(LoginState.DONE, action), "done is final: " + action);
        }
        assertTrue(LoginFlow.allowed(LoginState.IDENTIFY, LoginAction.PASSKEY_VERIFY, LoginState.DONE), "autofill sign-in");
        assertTrue(LoginFlow.allowed(LoginState.PASSKEY, LoginAction.PASSKEY_FAILURE, LoginState.PASSWORD), "fallback");
        assertFalse(LoginFlow.allowed(LoginState.IDENTIFY, LoginAction.PASSKEY_FAILURE, LoginState.PASSWORD),
                "an autofill failure never pushes toward the password");
    }

    @Test
    void answerWhenItSpendsAChallengeThenTheStepGetsItOnceAndItIsGoneBeforeTheStepRuns() {
        LoginContext ctx = loginIn(LoginState.PASSKEY, "challenge-1");
        Optional<Challenge>[] seen = new Optional[1];
        LoginOutcome first = flow.handle(ctx, LoginAction.PASSKEY_VERIFY, (c, spent) -> {
            seen[0] = spent;
            assertTrue(transactions.find(c.transaction().idHash()).orElseThrow().challenge().isEmpty(), "spent before the check");
            return StepResult.error(c.transaction(), LoginError.BIOMETRIC_NOT_VERIFIED);
        });
        assertEquals("challenge-1", seen[0].orElseThrow().value());
        assertInstanceOf(LoginOutcome.Show.class, first);
        // The same answer again (a replay, or a second tab): no challenge left, the step never runs.
        LoginContext again = flow.open(ctx.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
        LoginOutcome replay = flow.handle(again, LoginAction.PASSKEY_VERIFY, (c, spent) -> {
            throw new AssertionError("a spent challenge reached the step");
        });
        assertInstanceOf(LoginOutcome.OutOfStep.class, replay);
    }

    @Test
    void twoRequestsWhenTheyRaceOnOneLoginThenOnlyTheFirstAdvances() {
        LoginContext stale = loginIn(LoginState.PASSWORD);
        LoginContext other = flow.open(stale.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
        flow.handle(other, LoginAction.PASSWORD, (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.ONE_TIME_CODE)));
        LoginOutcome late = flow.handle(stale, LoginAction.PASSWORD,
                (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.ONE_TIME_CODE)));
        assertInstanceOf(LoginOutcome.OutOfStep.class, late, "the loser is shown where the login is");
        LoginTransaction stored = transactions.find(stale.transaction().idHash()).orElseThrow();
        assertEquals(LoginState.ONE_TIME_CODE, stored.state());
        assertEquals(stale.transaction().version() + 1, stored.version(), "one advance, not two");
    }

    @Test
    void arrivalWhenAStateHasAnEntryStepThenItRunsInTheSameSave() {
        LoginContext ctx = loginIn(LoginState.PASSWORD);
        flow.handle(ctx, LoginAction.PASSWORD, (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.ONE_TIME_CODE)));
        assertEquals(1, entered.get());
        assertEquals(ctx.transaction().version() + 1, transactions.find(ctx.transaction().idHash()).orElseThrow().version(),
                "step and entry step: one write");
        LoginContext code = flow.open(ctx.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
        flow.handle(code, LoginAction.RESEND_CODE, (c, spent) -> StepResult.to(c.transaction()));
        assertEquals(1, entered.get(), "staying in a state does not enter it again");
    }

    @Test
    void entryStepWhenItMovesOutsideTheTableThenRefusedAndAudited() {
        LoginFlow strict = new LoginFlow(interactions, transactions, JpaLoginStores.offers(db), audit,
                Map.of(LoginState.ONE_TIME_CODE, (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.DONE))),
                URI.create("https://id.example/authorize"), Duration.ofMinutes(10), Clock.fixed(now, java.time.ZoneOffset.UTC));
        LoginContext ctx = loginIn(LoginState.PASSWORD);
        LoginOutcome outcome = strict.handle(ctx, LoginAction.PASSWORD,
                (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.ONE_TIME_CODE)));
        assertEquals(Optional.of(LoginError.SESSION_EXPIRED), ((LoginOutcome.Show) outcome).error());
        assertEquals(LoginState.PASSWORD, transactions.find(ctx.transaction().idHash()).orElseThrow().state());
        assertFalse(audit.recent("login.refused_move", 5).isEmpty());
    }

    @Test
    void doneWhenReachedThenTheResultGoesToTheProtocolAndTheLoginNoLongerOpens() {
        LoginContext ctx = loginIn(LoginState.OFFER_PASSKEY);
        LoginOutcome outcome = flow.handle(ctx, LoginAction.SKIP_OFFER, (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.DONE)));
        assertInstanceOf(LoginOutcome.Finished.class, outcome);
        assertTrue(interactions.find(ctx.interaction().idHash()).orElseThrow().result().isPresent());
        assertTrue(flow.open(ctx.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").isEmpty());
    }

    // --- fixtures -------------------------------------------------------------------------------------

    private LoginContext loginIn(LoginState state) {
        return loginIn(state, "challenge");
    }

    /** A fresh login, moved to {@code state} directly in the store, with a pending challenge. */
    private LoginContext loginIn(LoginState state, String challenge) {
        String id = "interaction-" + UUID.randomUUID();
        interactions.save(new Interaction(Secrets.sha256(id), Secrets.sha256(BROWSER_SECRET), "web",
                Map.of("client_id", List.of("web")), now, now.plusSeconds(600), Optional.empty()));
        LoginContext fresh = flow.open(id, BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
        LoginTransaction placed = moved(fresh.transaction(), state).change().challenge(challenge, "assertion").build();
        assertTrue(transactions.update(placed));
        return fresh.with(placed.withVersion(placed.version() + 1)).in(Locale.ENGLISH);
    }

    /** The transaction in {@code state}, verified enough that DONE can be handed to the protocol. */
    private LoginTransaction moved(LoginTransaction tx, LoginState state) {
        return tx.change().user("u1", "ada").verified(List.of("pwd", "otp", "mfa"), Acr.MFA, now).state(state).build();
    }

    /**
     * The identifier page's autofill saves the login in the background (options, failure reports)
     * while the person sends the form: the form must not lose that race (it did, showing the same
     * page again). A step that counts or spends is not re-run: it answers where the login is.
     */
    @Test
    void identifyWhenABackgroundCallSavedFirstThenAppliedToTheLoginAsItIsNow() {
        LoginContext stale = loginIn(LoginState.IDENTIFY);
        LoginTransaction background = stale.transaction().change().challenge("autofill-challenge", "assertion").build();
        assertTrue(transactions.update(background), "autofill's options call saved first");
        LoginOutcome outcome = flow.handle(stale, LoginAction.IDENTIFY,
                (c, spent) -> StepResult.to(c.transaction().change().challenge(null, null).state(LoginState.PASSWORD).build()));
        assertInstanceOf(LoginOutcome.Show.class, outcome);
        assertEquals(LoginState.PASSWORD, transactions.find(stale.transaction().idHash()).orElseThrow().state());

        LoginContext stalePassword = loginIn(LoginState.PASSWORD);
        assertTrue(transactions.update(stalePassword.transaction().change().lastError("x").build()));
        AtomicInteger runs = new AtomicInteger();
        LoginOutcome counted = flow.handle(stalePassword, LoginAction.PASSWORD, (c, spent) -> {
            runs.incrementAndGet();
            return StepResult.to(c.transaction().change().state(LoginState.ONE_TIME_CODE).build());
        });
        assertInstanceOf(LoginOutcome.OutOfStep.class, counted);
        assertEquals(1, runs.get(), "a password is judged once");
    }
}
