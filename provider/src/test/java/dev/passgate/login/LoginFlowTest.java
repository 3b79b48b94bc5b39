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
        assertEquals(30, allowedPairs, "the table's size: a change to it must be deliberate");
    }

    @Test
    void tableWhenReadThenAPasswordAloneNeverBindsAPasskeyAndNothingGoesBack() {
        for (LoginAction action : LoginAction.values()) {
            assertFalse(LoginFlow.allowed(LoginState.PASSWORD, action, LoginState.OFFER_PASSKEY), "password → offer by " + action);
            assertFalse(LoginFlow.allowed(LoginState.PASSWORD, action, LoginState.PASSKEY), "password → passkey by " + action);
            assertFalse(LoginFlow.allowed(LoginState.OFFER_PASSKEY, action, LoginState.PASSWORD), action.name());
            // Done is final: no request moves it (arriving there may first ask for the new password support wanted).
            assertTrue(action == LoginAction.ENTER || !LoginFlow.allowed(LoginState.DONE, action), "done is final: " + action);
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

    /**
     * Support asked for a new password: the offer's entry finishing at once arrives at DONE, and DONE's entry
     * stops at NEW_PASSWORD (entries chain); a refused password changes nothing; the right one clears the
     * request, ends the account's other sign-ins and hands the login to the protocol.
     */
    @Test
    void newPasswordWhenSupportAskedForOneThenEveryWayToDoneStopsThereUntilItIsSet() {
        JpaUserStore users = new JpaUserStore(db);
        dev.passgate.password.PasswordHasher hasher = new dev.passgate.password.PasswordHasher();
        String oldHash = hasher.hash("doubted old password");
        users.update("u1", u -> u.withPasswordHash(oldHash).withPasswordChangeRequired(true));
        java.util.List<String> ended = new java.util.ArrayList<>();
        dev.passgate.notify.Notifier notifier = new dev.passgate.notify.Notifier(new dev.passgate.persistence.JpaNoticeStore(db),
                users, (channel, to, message) -> { }, (email, phone) -> java.util.Set.of(), Locale.ENGLISH, Optional.empty(),
                Clock.fixed(now, java.time.ZoneOffset.UTC));
        dev.passgate.login.steps.NewPasswordStep step = new dev.passgate.login.steps.NewPasswordStep(users,
                new dev.passgate.password.PasswordPolicy(), hasher, (user, keep) -> {
                    transactions.endForUser(user, Optional.of(keep));
                    ended.add(user);
                }, audit, notifier, Clock.fixed(now, java.time.ZoneOffset.UTC));
        LoginFlow asking = new LoginFlow(interactions, transactions, JpaLoginStores.offers(db), audit, Map.of(
                LoginState.OFFER_PASSKEY, (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.DONE)), // nothing to offer
                LoginState.DONE, (c, spent) -> step.enter(c)),
                URI.create("https://id.example/authorize"), Duration.ofMinutes(10), Clock.fixed(now, java.time.ZoneOffset.UTC));

        LoginContext code = loginIn(LoginState.ONE_TIME_CODE);
        LoginOutcome afterCode = asking.handle(code, LoginAction.VERIFY_CODE,
                (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.OFFER_PASSKEY)));
        assertEquals(LoginState.NEW_PASSWORD, ((LoginOutcome.Show) afterCode).transaction().state(), "code → offer → done → new password");
        LoginContext passkey = loginIn(LoginState.PASSKEY);
        LoginOutcome afterPasskey = asking.handle(passkey, LoginAction.PASSKEY_VERIFY,
                (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.DONE)));
        assertEquals(LoginState.NEW_PASSWORD, ((LoginOutcome.Show) afterPasskey).transaction().state(), "a passkey too");
        assertTrue(interactions.find(passkey.interaction().idHash()).orElseThrow().result().isEmpty(), "nothing for the protocol yet");

        // The second factor switched off: this sign-in proved only the doubted password, so it may not choose the new one.
        LoginContext passwordOnly = loginIn(LoginState.PASSWORD);
        LoginOutcome afterPassword = asking.handle(passwordOnly, LoginAction.PASSWORD, (c, spent) -> StepResult.to(
                c.transaction().change().user("u1", "ada").verified(List.of("pwd"), Acr.PASSWORD, now).state(LoginState.DONE).build()));
        assertEquals(LoginState.NEW_PASSWORD, ((LoginOutcome.Show) afterPassword).transaction().state());
        LoginContext parked = asking.open(passwordOnly.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
        LoginOutcome toRecovery = asking.handle(parked, LoginAction.SET_PASSWORD,
                (c, spent) -> step.set(c, "attacker chosen words", "attacker chosen words"));
        assertEquals(Optional.of(LoginError.NEW_PASSWORD_NEEDS_RECOVERY), ((LoginOutcome.Show) toRecovery).error());
        assertEquals(LoginState.NEW_PASSWORD, ((LoginOutcome.Show) toRecovery).transaction().state(), "still parked: recovery is the way");
        assertEquals(oldHash, users.findById("u1").orElseThrow().passwordHash(), "a password alone sets nothing");
        assertTrue(users.findById("u1").orElseThrow().passwordChangeRequired());

        LoginContext asked = asking.open(passkey.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
        for (String[] bad : new String[][] {{"password", "password"}, {"granite window orchard", "granite window orchid"}, {"ada", "ada"},
                {"doubted old password", "doubted old password"}}) {
            LoginOutcome refused = asking.handle(asked, LoginAction.SET_PASSWORD, (c, spent) -> step.set(c, bad[0], bad[1]));
            assertTrue(((LoginOutcome.Show) refused).error().isPresent(), bad[0]);
            asked = asking.open(passkey.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
            assertEquals(LoginState.NEW_PASSWORD, asked.transaction().state());
        }
        assertEquals(oldHash, users.findById("u1").orElseThrow().passwordHash(), "refused: nothing written");
        assertEquals(List.of(), ended);
        assertInstanceOf(LoginOutcome.OutOfStep.class, asking.handle(asked, LoginAction.SKIP_OFFER,
                (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.DONE))), "no other way out");

        LoginOutcome done = asking.handle(asked, LoginAction.SET_PASSWORD,
                (c, spent) -> step.set(c, "granite window orchard", "granite window orchard"));
        assertInstanceOf(LoginOutcome.Finished.class, done);
        User after = users.findById("u1").orElseThrow();
        assertFalse(after.passwordChangeRequired(), "the request is answered");
        assertTrue(hasher.verify("granite window orchard", after.passwordHash()));
        assertEquals(List.of("u1"), ended, "the other sign-ins ended");
        assertTrue(asking.open(code.interactionId(), BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").isEmpty(),
                "the other login waiting at the same step, which passed the old password too, is gone");
        assertFalse(audit.recent("login.new_password_asked", 5).isEmpty());
        LoginOutcome next = asking.handle(loginIn(LoginState.PASSKEY), LoginAction.PASSKEY_VERIFY,
                (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.DONE)));
        assertInstanceOf(LoginOutcome.Finished.class, next, "asked once: the next sign-in goes straight through");
    }

    /** The first page writes nothing; the login's first change writes its row and the change, together. */
    @Test
    void firstChangeWhenTheLoginWasOnlyShownThenItsRowIsWrittenWithIt() {
        String id = "interaction-" + UUID.randomUUID();
        interactions.save(new Interaction(Secrets.sha256(id), Secrets.sha256(BROWSER_SECRET), "web",
                Map.of("client_id", List.of("web")), now, now.plusSeconds(600), Optional.empty()));
        LoginContext shown = flow.open(id, BROWSER_SECRET, DeviceRecord.EMPTY, "10.0.0.1").orElseThrow();
        assertTrue(transactions.find(Secrets.sha256(id)).isEmpty());
        LoginOutcome outcome = flow.handle(shown, LoginAction.IDENTIFY, (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.PASSWORD)));
        assertInstanceOf(LoginOutcome.Show.class, outcome);
        assertEquals(LoginState.PASSWORD, transactions.find(Secrets.sha256(id)).orElseThrow().state());
        LoginOutcome stale = flow.handle(shown, LoginAction.IDENTIFY, (c, spent) -> StepResult.to(moved(c.transaction(), LoginState.PASSKEY)));
        assertEquals(LoginState.PASSWORD, transactions.find(Secrets.sha256(id)).orElseThrow().state(),
                "a second first request (another tab) does not write over the first: " + stale);
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
        assertTrue(transactions.find(fresh.transaction().idHash()).isEmpty(), "opening (a page view) writes nothing");
        transactions.create(fresh.transaction()); // what the login's first change does
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
