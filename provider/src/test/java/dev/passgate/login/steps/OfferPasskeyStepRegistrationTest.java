package dev.passgate.login.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.WebAuthnSettings;
import dev.passgate.login.Challenge;
import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.PasskeyErrorClassifier;
import dev.passgate.login.StepResult;
import dev.passgate.passkey.AuthenticatorNames;
import dev.passgate.passkey.Passkeys;
import dev.passgate.passkey.TestAuthenticator;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.user.User;

/** Step 5's ceremony: a real registration (webauthn4j-test emulator) on the real stores, in time and too late. */
class OfferPasskeyStepRegistrationTest {
    StepFixture f;
    JpaPasskeyStore store;
    OfferPasskeyStep step;
    final TestAuthenticator authenticator = new TestAuthenticator();

    @BeforeEach
    void open() {
        f = new StepFixture();
        f.createUser(User.create("u1", "ada", f.now));
        store = new JpaPasskeyStore(f.db);
        Passkeys passkeys = new Passkeys(new WebAuthnSettings(TestAuthenticator.RP_ID, List.of(TestAuthenticator.ORIGIN)),
                store, store, new AuthenticatorNames(), f.clock, 5);
        step = new OfferPasskeyStep(passkeys, store, f.users, JpaLoginStores.offers(f.db), new PasskeyErrorClassifier(),
                new DeviceCookie(new byte[32]), f.settings, f.audit, f.clock);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private StepResult finish(LoginContext ctx, StepResult options) {
        LoginTransaction issued = options.next();
        return step.finish(ctx.with(issued.change().challenge(null, null).build()), authenticator.create(options.json().orElseThrow()),
                new Challenge(issued.challenge().orElseThrow(), issued.challengePurpose().orElseThrow(), issued.userHandle(),
                        issued.challengeExpiresAt()), false);
    }

    @Test
    void finishWhenAnsweredInTimeThenThePasskeyIsStoredAndTheLoginDone() {
        LoginContext ctx = f.login(LoginState.OFFER_PASSKEY, Optional.of("u1"));
        StepResult r = finish(ctx, step.options(ctx));
        assertEquals(LoginState.DONE, r.next().state());
        assertEquals(1, store.countForUser("u1"));
    }

    /** Issue 10 (9): the registration challenge also lives only as long as the prompt plus the grace. */
    @Test
    void finishWhenAnsweredAfterThePromptsTimeoutThenSetUpTimedOutAndNothingStored() {
        LoginContext ctx = f.login(LoginState.OFFER_PASSKEY, Optional.of("u1"));
        StepResult options = step.options(ctx);
        f.now = f.now.plus(f.settings.passkeyTimeout()).plus(Challenge.GRACE).plusSeconds(1);
        StepResult late = finish(ctx, options);
        assertEquals(Optional.of(LoginError.SETUP_TIMED_OUT), late.error());
        assertEquals(0, store.countForUser("u1"), "a late answer stores nothing");
        assertTrue(late.next().state() == LoginState.OFFER_PASSKEY);
    }
}
