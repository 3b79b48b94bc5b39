package dev.passgate.login.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.DeliverySettings;
import dev.passgate.config.Mode;
import dev.passgate.config.PassgateSettings;
import dev.passgate.interaction.Acr;
import dev.passgate.login.CodeLockout;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginState;
import dev.passgate.login.StepResult;
import dev.passgate.otp.Channel;
import dev.passgate.otp.Deliveries;
import dev.passgate.otp.OneTimeCodes;
import dev.passgate.otp.OtpSettings;
import dev.passgate.persistence.JpaDevOutboxStore;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaOneTimeCodeStore;
import dev.passgate.user.User;

/** Step 4, the one-time code: the real code service on H2, delivered to the dev outbox (as in dev mode). */
class SecondFactorStepTest {
    StepFixture f;
    Deliveries deliveries;
    SecondFactorStep step;
    CodeLockout lockout;

    @BeforeEach
    void open() {
        f = new StepFixture();
        f.createUser(User.create("both", "ada", f.now).withEmail("ada@example.com", true).withPhone("+41446681800", true));
        f.createUser(User.create("mail", "eve", f.now).withEmail("eve@example.com", true));
        f.createUser(User.create("none", "nobody", f.now));
        ConfigReader config = new ConfigReader(key -> Optional.empty());
        deliveries = Deliveries.forSettings(DeliverySettings.read(config, PassgateSettings.read(config)), Mode.DEV,
                OtpSettings.defaults(), new JpaDevOutboxStore(f.db), f.clock);
        JpaOneTimeCodeStore codeRows = new JpaOneTimeCodeStore(f.db);
        OneTimeCodes codes = new OneTimeCodes(codeRows, codeRows, OtpSettings.defaults(), new byte[32], deliveries, f.clock);
        lockout = new CodeLockout(JpaLoginStores.throttle(f.db), f.clock);
        step = new SecondFactorStep(codes, deliveries, f.users, lockout, f.audit, f.clock);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private LoginContext arrived(String userId) {
        LoginContext ctx = f.login(LoginState.ONE_TIME_CODE, Optional.of(userId));
        return ctx.with(ctx.transaction().change().passwordVerified().build());
    }

    /** The code sent to one address (the fixed test clock gives every message the same time, so no "newest"). */
    private String codeTo(String address) {
        String message = deliveries.devOutbox().orElseThrow().recent().stream().filter(m -> m.destination().equals(address))
                .findFirst().orElseThrow().message();
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(message);
        assertTrue(m.find());
        return m.group(1);
    }

    private String lastCode() {
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(deliveries.devOutbox().orElseThrow().recent().get(0).message());
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void enterWhenOneChannelOnFileThenTheCodeGoesOutAtOnce() {
        StepResult r = step.enter(arrived("mail"));
        assertEquals(Optional.of(Channel.EMAIL.name()), r.next().otpChannel());
        assertEquals("eve@example.com", deliveries.devOutbox().orElseThrow().recent().get(0).destination());
    }

    @Test
    void enterWhenTwoChannelsThenThePersonChoosesAndNothingIsSentYet() {
        StepResult r = step.enter(arrived("both"));
        assertEquals(LoginState.ONE_TIME_CODE, r.next().state());
        assertTrue(r.next().otpChannel().isEmpty());
        assertTrue(deliveries.devOutbox().orElseThrow().recent().isEmpty());
    }

    @Test
    void enterWhenNoChannelOnFileThenTheCatalogueSaysWhoCanHelp() {
        assertEquals(Optional.of(LoginError.NO_SECOND_FACTOR_ON_FILE), step.enter(arrived("none")).error());
    }

    @Test
    void verifyWhenTheCodeIsRightThenOnToTheOfferWithOtpOrSmsInAmr() {
        LoginContext ctx = arrived("both");
        ctx = ctx.with(step.send(ctx, Channel.SMS).next());
        StepResult r = step.verify(ctx, lastCode());
        assertEquals(LoginState.OFFER_PASSKEY, r.next().state(), "the flow then enters the offer");
        assertEquals(List.of("pwd", "sms", "mfa"), r.next().amr());
        assertEquals(Optional.of(Acr.MFA), r.next().acr());
        assertEquals("channel=SMS", f.audit.recent("otp.verify", 1).get(0).detail(), "the trail names the code's channel");
    }

    @Test
    void verifyWhenRightThenTheAddressTheCodeWentToIsVerifiedButNotOneSetSince() {
        f.createUser(User.create("fresh", "fay", f.now).withEmail("fay@example.com", false));
        LoginContext ctx = arrived("fresh");
        ctx = ctx.with(step.enter(ctx).next());
        step.verify(ctx, codeTo("fay@example.com"));
        assertTrue(f.users.findById("fresh").orElseThrow().emailVerified(), "a right code proves the mailbox");

        f.createUser(User.create("moved", "mo", f.now).withEmail("mo@example.com", false));
        LoginContext moved = arrived("moved");
        moved = moved.with(step.enter(moved).next());
        String code = codeTo("mo@example.com"); // then someone else's address is put on file
        f.users.update("moved", u -> u.withEmail("typo@example.org", false));
        StepResult verified = step.verify(moved, code);
        assertTrue(verified.error().isEmpty(), () -> "the code itself is still right: " + verified.error());
        User after = f.users.findById("moved").orElseThrow();
        assertEquals("typo@example.org", after.email());
        assertFalse(after.emailVerified(), "an address the code never went to is not proven by it");
    }

    @Test
    void verifyWhenWrongOrEmptyThenStaysWithTheCatalogueError() {
        LoginContext ctx = arrived("mail");
        ctx = ctx.with(step.enter(ctx).next());
        String right = lastCode();
        String wrong = right.equals("000000") ? "111111" : "000000";
        assertEquals(Optional.of(LoginError.CODE_WRONG), step.verify(ctx, wrong).error());
        assertEquals(Optional.of(LoginError.MISSING_INPUT), step.verify(ctx, " ").error());
        assertEquals(LoginState.ONE_TIME_CODE, step.verify(ctx, wrong).next().state());
    }

    @Test
    void sendWhenThePasswordWasNotVerifiedThenRefused() {
        LoginContext unverified = f.login(LoginState.ONE_TIME_CODE, Optional.of("mail"));
        assertEquals(Optional.of(LoginError.SESSION_EXPIRED), step.send(unverified, Channel.EMAIL).error());
        assertTrue(deliveries.devOutbox().orElseThrow().recent().isEmpty(), "no code for a login that skipped the password");
    }

    /** NIST SP 800-63B: 100 consecutive wrong codes for one account, over any number of logins, stop the codes. */
    @Test
    void hundredWrongCodesInARowWhenAcrossLoginsThenNoMoreCodesUntilTheLockLifts() {
        for (int i = 0; i < CodeLockout.MAX_CONSECUTIVE_FAILURES - 1; i++) {
            lockout.failed("mail");
        }
        LoginContext ctx = arrived("mail");
        ctx = ctx.with(step.enter(ctx).next());
        String right = lastCode();
        String wrong = right.equals("000000") ? "111111" : "000000";
        assertEquals(Optional.of(LoginError.CODE_WRONG), step.verify(ctx, wrong).error(), "the hundredth wrong code");
        assertEquals(Optional.of(LoginError.CODES_LOCKED), step.verify(ctx, right).error(), "even the right code is refused now");
        int sent = deliveries.devOutbox().orElseThrow().recent().size();
        LoginContext next = arrived("mail");
        assertEquals(Optional.of(LoginError.CODES_LOCKED), step.enter(next).error());
        assertEquals(sent, deliveries.devOutbox().orElseThrow().recent().size(), "nothing sent to a locked account");
        assertTrue(step.enter(arrived("both")).error().isEmpty(), "other accounts unaffected");

        f.now = f.now.plus(CodeLockout.LOCK);
        assertTrue(step.enter(arrived("mail")).error().isEmpty(), "after 24 hours codes go out again");
        lockout.failed("mail");
        assertTrue(!lockout.locked("mail"), "a lifted lock starts a new run: one typo does not lock again");
    }

    @Test
    void wrongCodesWhenARightOneComesBetweenThenTheCountStartsAgain() {
        for (int i = 0; i < CodeLockout.MAX_CONSECUTIVE_FAILURES - 1; i++) {
            lockout.failed("mail");
        }
        LoginContext ctx = arrived("mail");
        ctx = ctx.with(step.enter(ctx).next());
        assertTrue(step.verify(ctx, lastCode()).error().isEmpty());
        lockout.failed("mail");
        assertTrue(!lockout.locked("mail"), "consecutive failures only");
    }

    @Test
    void resendWhenTooSoonThenPleaseWait() {
        LoginContext ctx = arrived("mail");
        ctx = ctx.with(step.enter(ctx).next());
        assertEquals(Optional.of(LoginError.CODE_RESEND_TOO_SOON), step.resend(ctx).error());
    }
}
