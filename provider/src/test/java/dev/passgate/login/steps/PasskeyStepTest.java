package dev.passgate.login.steps;

import static dev.passgate.login.steps.PasskeyStep.reported;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.WebAuthnSettings;
import dev.passgate.interaction.Acr;
import dev.passgate.login.Challenge;
import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.PasskeyErrorClassifier;
import dev.passgate.login.StepResult;
import dev.passgate.passkey.AuthenticatorNames;
import dev.passgate.passkey.FinishRegistration;
import dev.passgate.passkey.Passkeys;
import dev.passgate.passkey.RegistrationOptions;
import dev.passgate.passkey.RegistrationStart;
import dev.passgate.passkey.TestAuthenticator;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.user.User;

/**
 * Step 2, the passkey: real WebAuthn ceremonies (webauthn4j-test's authenticator emulator) against
 * the real passkey store on H2; failures as the browser reports them.
 */
class PasskeyStepTest {
    StepFixture f;
    Passkeys passkeys;
    TestAuthenticator authenticator = new TestAuthenticator();
    PasskeyStep step;

    @BeforeEach
    void open() {
        f = new StepFixture();
        f.createUser(User.create("u1", "ada", f.now));
        JpaPasskeyStore store = new JpaPasskeyStore(f.db);
        passkeys = new Passkeys(new WebAuthnSettings(TestAuthenticator.RP_ID, List.of(TestAuthenticator.ORIGIN)), store, store,
                new AuthenticatorNames(), f.clock, 5);
        step = new PasskeyStep(passkeys, store, f.users, new PasskeyErrorClassifier(), new DeviceCookie(new byte[32]), f.settings,
                f.audit, f.clock);
        RegistrationStart start = passkeys.startRegistration(new RegistrationOptions("u1", "ada", "Ada", Duration.ofMinutes(1)));
        passkeys.finishRegistration(new FinishRegistration(authenticator.create(start.optionsJson()), start.challenge(), "u1",
                start.userHandle()));
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** Options, the emulator answering them, and the challenge as the flow spends it. */
    private StepResult signIn(LoginContext ctx) {
        StepResult options = step.options(ctx);
        LoginTransaction issued = options.next();
        Challenge spent = new Challenge(issued.challenge().orElseThrow(), issued.challengePurpose().orElseThrow(), Optional.empty(),
                issued.challengeExpiresAt());
        return step.verify(ctx.with(issued.change().challenge(null, null).build()), authenticator.get(options.json().orElseThrow()),
                spent);
    }

    /** The emulator's answer as a browser would send it after a passkey from {@code attachment} over {@code transport}. */
    private StepResult signInVia(LoginContext ctx, String attachment, String transport) {
        StepResult options = step.options(ctx);
        LoginTransaction issued = options.next();
        Challenge spent = new Challenge(issued.challenge().orElseThrow(), issued.challengePurpose().orElseThrow(), Optional.empty(),
                issued.challengeExpiresAt());
        jakarta.json.JsonObject answer = jakarta.json.Json.createReader(new java.io.StringReader(
                authenticator.get(options.json().orElseThrow()))).readObject();
        // Neither field is signed: the browser adds them beside the authenticator's data.
        String json = jakarta.json.Json.createObjectBuilder(answer).add("authenticatorAttachment", attachment)
                .add("response", jakarta.json.Json.createObjectBuilder(answer.getJsonObject("response"))
                        .add("transports", jakarta.json.Json.createArrayBuilder().add(transport)))
                .build().toString();
        return step.verify(ctx.with(issued.change().challenge(null, null).build()), json, spent);
    }

    /** Issue 10: a passkey from a phone over hybrid leads to the offer of one on this device; others finish. */
    @Test
    void verifyWhenThePasskeyCameFromAPhoneOverHybridThenOfferOneHere() {
        StepResult phone = signInVia(f.login(LoginState.PASSKEY, Optional.of("u1")), "cross-platform", "hybrid");
        assertEquals(LoginState.OFFER_PASSKEY, phone.next().state());
        assertEquals(Optional.of(OfferPasskeyStep.LOCAL), phone.next().offerKind());
        assertEquals(Optional.of(dev.passgate.interaction.Acr.PHISHING_RESISTANT), phone.next().acr(), "signed in all the same");
        assertTrue(f.audit.recent("passkey.cross_device", 1).size() == 1);

        StepResult key = signInVia(f.login(LoginState.PASSKEY, Optional.of("u1")), "cross-platform", "usb");
        assertEquals(LoginState.DONE, key.next().state(), "a security key is cross-platform too, but not a phone");
        StepResult here = signInVia(f.login(LoginState.PASSKEY, Optional.of("u1")), "platform", "internal");
        assertEquals(LoginState.DONE, here.next().state());
    }

    @Test
    void optionsWhenAccountKnownThenItsPasskeysAndAChallengeKeptOnTheLogin() {
        StepResult r = step.options(f.login(LoginState.PASSKEY, Optional.of("u1")));
        assertTrue(r.next().challenge().isPresent());
        assertTrue(r.json().orElseThrow().contains("allowCredentials"), r.json().get());
        StepResult autofill = step.options(f.login(LoginState.IDENTIFY, Optional.empty()));
        assertTrue(!autofill.json().orElseThrow().contains("\"id\""), "autofill names no credential: " + autofill.json().get());
    }

    @Test
    void verifyWhenTheAuthenticatorAnswersThenDoneWithPhishingResistantAcr() {
        StepResult r = signIn(f.login(LoginState.PASSKEY, Optional.of("u1")));
        assertEquals(LoginState.DONE, r.next().state());
        assertEquals(Optional.of(Acr.PHISHING_RESISTANT), r.next().acr());
        assertTrue(r.next().amr().containsAll(List.of("user", "mfa")), r.next().amr().toString());
        assertTrue(r.deviceCookie().isPresent(), "this browser remembers the passkey");
    }

    /** Issue 10 (9): a challenge lives as long as the prompt plus a grace, not the whole login. */
    @Test
    void verifyWhenAnsweredAfterThePromptsTimeoutThenTimedOutNotSignedIn() {
        LoginContext ctx = f.login(LoginState.PASSKEY, Optional.of("u1"));
        StepResult options = step.options(ctx);
        assertEquals(Optional.of(f.now.plus(f.settings.passkeyTimeout()).plus(Challenge.GRACE)),
                options.next().challengeExpiresAt());
        String answer = authenticator.get(options.json().orElseThrow());
        f.now = f.now.plus(f.settings.passkeyTimeout()).plus(Challenge.GRACE).plusSeconds(1);
        LoginTransaction issued = options.next();
        StepResult late = step.verify(ctx.with(issued.change().challenge(null, null).build()), answer,
                new Challenge(issued.challenge().orElseThrow(), "assertion", Optional.empty(), issued.challengeExpiresAt()));
        assertEquals(Optional.of(LoginError.PASSKEY_TIMED_OUT), late.error());
        assertTrue(late.next().state() != LoginState.DONE);
    }

    @Test
    void verifyWhenTheAccountWasDeactivatedThenRefusedWithTheCatalogueEntry() {
        f.users.update("u1", u -> u.withActive(false));
        StepResult r = signIn(f.login(LoginState.PASSKEY, Optional.of("u1")));
        assertEquals(Optional.of(LoginError.ACCOUNT_DISABLED), r.error());
        assertEquals(LoginState.PASSKEY, r.next().state(), "no sign-in");
        assertTrue(!f.audit.recent("passkey.refused_disabled", 5).isEmpty());
    }

    @Test
    void verifyWhenTheChallengeWasIssuedForARegistrationThenRefused() {
        LoginContext ctx = f.login(LoginState.PASSKEY, Optional.of("u1"));
        StepResult options = step.options(ctx);
        String value = options.next().challenge().orElseThrow();
        StepResult r = step.verify(ctx, authenticator.get(options.json().orElseThrow()), new Challenge(value, "registration",
                Optional.empty(), Optional.empty()));
        assertEquals(Optional.of(LoginError.SESSION_EXPIRED), r.error());
    }

    /** The login after the page asked for options: a challenge issued for the account is pending. */
    private LoginContext challenged(LoginContext ctx) {
        return ctx.with(step.options(ctx).next());
    }

    /** What a refusal reports may echo the browser: it can neither push the server's fields out nor pose as one. */
    @Test
    void reportedWhenTheDetailEchoesTheBrowserThenCutAndDefused() {
        String echoed = reported("No passkey " + "A".repeat(1400) + " ceremony=IMMEDIATE elapsedMs=1");
        assertTrue(echoed.length() <= 307, echoed.length() + "");
        assertFalse(reported("x ceremony=IMMEDIATE elapsedMs=1").contains(" ceremony="));
        assertFalse(reported("x ceremony=IMMEDIATE elapsedMs=1").contains("elapsedMs=1"));
        assertEquals("", reported(""));
    }

    @Test
    void failedWhenTwiceThenThePasswordTakesOver() {
        LoginContext ctx = challenged(f.login(LoginState.PASSKEY, Optional.of("u1")));
        StepResult first = step.failed(ctx, "NotAllowedError", 500);
        assertEquals(LoginState.PASSKEY, first.next().state());
        assertEquals(1, first.next().passkeyFailures());
        assertTrue(first.next().challenge().isEmpty(), "the report spends the challenge");
        StepResult second = step.failed(challenged(ctx.with(first.next())), "NotAllowedError", 500);
        assertEquals(LoginState.PASSWORD, second.next().state(), "threshold " + f.settings.passkeyFailureThreshold());
        assertTrue(second.error().isPresent());
        assertTrue(second.next().passkeyErrorSeen(), "the offer after sign-in becomes healing");
        assertTrue(f.audit.recent("passkey.failure", 1).get(0).detail().endsWith(" ceremony=BUTTON"),
                "the trail names the ceremony kind: " + f.audit.recent("passkey.failure", 1));
    }

    /** Issue 10 (1): a failure report that answers no challenge is no evidence: refused, audited, no healing. */
    @Test
    void failedWhenNoChallengeWasIssuedOrItWasAlreadyAnsweredThenRefusedAndNoHealing() {
        LoginContext ctx = f.login(LoginState.PASSKEY, Optional.of("u1"));
        StepResult forged = step.failed(ctx, "NotAllowedError", 500);
        assertEquals(Optional.of(LoginError.SESSION_EXPIRED), forged.error());
        assertEquals(0, forged.next().passkeyFailures());
        assertTrue(!forged.next().passkeyErrorSeen());
        assertTrue(!f.audit.recent("passkey.failure_refused", 5).isEmpty());

        StepResult once = step.failed(challenged(ctx), "NotAllowedError", 500);
        StepResult again = step.failed(ctx.with(once.next()), "NotAllowedError", 500);
        assertEquals(Optional.of(LoginError.SESSION_EXPIRED), again.error(), "one report per challenge");
        assertEquals(1, again.next().passkeyFailures());
    }

    @Test
    void failedWhenAutofillOnTheIdentifierPageThenShownButNotCountedAndNoHealing() {
        StepResult r = step.failed(challenged(f.login(LoginState.IDENTIFY, Optional.empty())), "NotAllowedError", 30);
        assertEquals(LoginState.IDENTIFY, r.next().state());
        assertEquals(0, r.next().passkeyFailures());
        assertTrue(!r.next().passkeyErrorSeen(), "a guess before anyone asked for a passkey is no evidence");
        assertTrue(f.audit.recent("passkey.failure", 1).get(0).detail().endsWith(" ceremony=AUTOFILL"));
    }

    @Test
    void failedWhenTheBrowserHasNoWebAuthnThenStraightToThePassword() {
        StepResult r = step.failed(challenged(f.login(LoginState.PASSKEY, Optional.of("u1"))), "NotSupportedError", 0);
        assertEquals(LoginState.PASSWORD, r.next().state());
        assertEquals(Optional.of(LoginError.NOT_SUPPORTED), r.error());
    }

    @Test
    void usePasswordWhenChosenThenThePendingChallengeIsDropped() {
        LoginContext ctx = f.login(LoginState.PASSKEY, Optional.of("u1"));
        ctx = ctx.with(step.options(ctx).next());
        StepResult r = step.usePassword(ctx);
        assertEquals(LoginState.PASSWORD, r.next().state());
        assertTrue(r.next().challenge().isEmpty());
    }
}
