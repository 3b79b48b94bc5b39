package dev.passgate.login.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.WebAuthnSettings;
import dev.passgate.audit.AuditEvent;
import dev.passgate.login.intelligence.DeviceRecord;
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
import dev.passgate.notify.Notifier;
import dev.passgate.persistence.JpaNoticeStore;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.user.User;

/** Step 5's ceremony: a real registration (webauthn4j-test emulator) on the real stores, in time and too late. */
class OfferPasskeyStepRegistrationTest {
    StepFixture f;
    JpaPasskeyStore store;
    OfferPasskeyStep step;
    final TestAuthenticator authenticator = new TestAuthenticator();
    final List<String> notices = new java.util.ArrayList<>();
    Notifier notifier;

    @BeforeEach
    void open() {
        f = new StepFixture();
        f.createUser(User.create("u1", "ada", f.now).withEmail("ada@example.com", true));
        store = new JpaPasskeyStore(f.db);
        Passkeys passkeys = new Passkeys(new WebAuthnSettings(TestAuthenticator.RP_ID, List.of(TestAuthenticator.ORIGIN)),
                store, store, new AuthenticatorNames(), f.clock, 5);
        notifier = new Notifier(new JpaNoticeStore(f.db), f.users, (channel, to, message) -> notices.add(to + ": " + message.subject()
                + " / " + message.text()), (email, phone) -> java.util.Set.of(dev.passgate.otp.Channel.EMAIL),
                java.util.Locale.ENGLISH, Optional.empty(), f.clock);
        step = new OfferPasskeyStep(passkeys, store, f.users, JpaLoginStores.offers(f.db), new PasskeyErrorClassifier(),
                new DeviceCookie(new byte[32]), f.settings, f.audit, notifier, f.clock);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private StepResult finish(LoginContext ctx, StepResult options) {
        return finish(ctx, options, authenticator);
    }

    /** @param device the authenticator that makes the passkey (a second one is another device) */
    private StepResult finish(LoginContext ctx, StepResult options, TestAuthenticator device) {
        return finish(ctx, options, device, false);
    }

    /** @param keep the person chose "Keep it and add a new one" */
    private StepResult finish(LoginContext ctx, StepResult options, TestAuthenticator device, boolean keep) {
        LoginTransaction issued = options.next();
        return step.finish(ctx.with(issued.change().challenge(null, null).build()), device.create(options.json().orElseThrow()),
                new Challenge(issued.challenge().orElseThrow(), issued.challengePurpose().orElseThrow(), issued.userHandle(),
                        issued.challengeExpiresAt()), false, keep);
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

    private List<String> ids() {
        return store.forUser("u1").stream().map(p -> p.credentialId().toString()).sorted().toList();
    }

    /** Two passkeys on the account, made the way the offer makes them. */
    private List<String> twoPasskeys() {
        for (int i = 0; i < 2; i++) {
            LoginContext ctx = f.login(LoginState.OFFER_PASSKEY, Optional.of("u1"));
            assertEquals(LoginState.DONE, finish(ctx, step.options(ctx), new TestAuthenticator()).next().state());
        }
        return ids();
    }

    private LoginContext healing(DeviceRecord device, Optional<String> failedCredential) {
        LoginContext base = f.login(LoginState.OFFER_PASSKEY, Optional.of("u1"));
        LoginTransaction tx = base.transaction().change().offer(OfferPasskeyStep.HEAL)
                .failedCredential(failedCredential.orElse(null)).build();
        return new LoginContext(base.interactionId(), base.interaction(), tx, device, base.clientAddress(), base.locale(),
                "Chrome (Linux)");
    }

    /** Issue 10 (2): the new passkey takes the place of the one this browser last signed in with. */
    @Test
    void healWhenThisBrowserSignedInWithAPasskeyThenThatOneIsReplacedInOneGo() {
        List<String> before = twoPasskeys();
        String usedHere = before.get(1);
        LoginContext ctx = healing(new DeviceRecord(java.util.Set.of(usedHere), 1, Optional.of(f.now)), Optional.empty());
        assertEquals(usedHere, step.broken(ctx.transaction(), ctx.device()).orElseThrow().credentialId().toString());
        assertFalse(step.atLimit(ctx.transaction(), ctx.device()), "replacing keeps the count: no limit choice");
        StepResult options = step.options(ctx);
        String json = options.json().orElseThrow();
        assertFalse(json.contains(usedHere), "the passkey being replaced is not excluded: its authenticator may overwrite it");
        assertTrue(json.contains(before.get(0)), "the other one still is");
        assertEquals(LoginState.DONE, finish(ctx, options, new TestAuthenticator()).next().state());
        List<String> after = ids();
        assertEquals(2, after.size());
        assertTrue(after.contains(before.get(0)), "the other passkey stays");
        assertFalse(after.contains(usedHere), "the broken one is gone");
        notices.clear();
        notifier.deliverDue();
        assertEquals(3, notices.size(), "two passkeys added, one replaced: each told: " + notices);
        assertTrue(notices.stream().anyMatch(n -> n.startsWith("ada@example.com: Your passkey was replaced")
                && n.contains("Chrome (Linux)")), notices::toString);
        List<AuditEvent> registered = f.audit.recent("passkey.registered", 10);
        assertTrue(registered.stream().anyMatch(e -> e.detail().endsWith(" replaced=" + usedHere)
                && after.stream().anyMatch(id -> e.detail().startsWith("credential=" + id))), registered::toString);
    }

    @Test
    void healWhenOnlyAProvenCloneIsKnownThenItIsReplacedAndAnotherAccountsIdIsIgnored() {
        List<String> before = twoPasskeys();
        LoginContext ctx = healing(DeviceRecord.EMPTY, Optional.of(before.get(0)));
        assertEquals(LoginState.DONE, finish(ctx, step.options(ctx), new TestAuthenticator()).next().state());
        assertFalse(ids().contains(before.get(0)));
        assertEquals(2, ids().size());

        LoginContext foreign = healing(DeviceRecord.EMPTY, Optional.of("not-one-of-this-accounts"));
        assertTrue(step.broken(foreign.transaction(), foreign.device()).isEmpty());
    }

    @Test
    void healWhenNothingNamesTheBrokenPasskeyThenTheNewOneIsAdded() {
        List<String> before = twoPasskeys();
        LoginContext ctx = healing(DeviceRecord.EMPTY, Optional.empty());
        assertTrue(step.broken(ctx.transaction(), ctx.device()).isEmpty());
        assertEquals(LoginState.DONE, finish(ctx, step.options(ctx), new TestAuthenticator()).next().state());
        assertEquals(3, ids().size());
        assertTrue(ids().containsAll(before));
    }

    /** The review's point: a proven clone is replaced even when this browser last used another passkey. */
    @Test
    void healWhenACloneIsProvenThenItIsReplacedBeforeWhatThisBrowserUsed() {
        List<String> before = twoPasskeys();
        LoginContext ctx = healing(new DeviceRecord(java.util.Set.of(before.get(1)), 0, Optional.empty()), Optional.of(before.get(0)));
        assertEquals(before.get(0), step.broken(ctx.transaction(), ctx.device()).orElseThrow().credentialId().toString());
    }

    /** "Keep it and add a new one": nothing is removed, the limit applies. */
    @Test
    void healWhenThePersonKeepsTheOldPasskeyThenTheNewOneIsAdded() {
        List<String> before = twoPasskeys();
        LoginContext ctx = healing(new DeviceRecord(java.util.Set.of(before.get(1)), 0, Optional.empty()), Optional.empty());
        assertEquals(LoginState.DONE, finish(ctx, step.options(ctx), new TestAuthenticator(), true).next().state());
        assertEquals(3, ids().size());
        assertTrue(ids().containsAll(before));
    }
}
