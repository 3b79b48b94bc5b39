package dev.passgate.login.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.interaction.Acr;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.LoginState;
import dev.passgate.login.PasswordThrottle;
import dev.passgate.login.StepResult;
import dev.passgate.password.PasswordHasher;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.user.User;

/** Step 3, the password: real Argon2id, the real throttle on H2. */
class PasswordStepTest {
    static final String PASSWORD = "correct horse battery";
    StepFixture f;
    PasswordHasher hasher = new PasswordHasher();

    @BeforeEach
    void open() {
        f = new StepFixture();
        f.createUser(User.create("u1", "ada", f.now).withPasswordHash(hasher.hash(PASSWORD)));
        f.createUser(User.create("u2", "bob", f.now).withPasswordHash(hasher.hash(PASSWORD)).withActive(false));
    }

    @AfterEach
    void close() {
        f.close();
    }

    private PasswordStep step(boolean secondFactor) {
        LoginSettings s = f.settings;
        LoginSettings settings = new LoginSettings(s.passkeyFailureThreshold(), s.passkeyTimeout(), secondFactor, s.skipSignIns(),
                s.skipDuration(), s.maxPasskeys(), s.accountFailuresBeforeDelay(), s.addressFailuresBeforeDelay());
        return new PasswordStep(f.users, hasher, new PasswordThrottle(JpaLoginStores.throttle(f.db), settings, f.clock),
                settings, f.audit, f.clock);
    }

    private LoginContext atPassword(String userId) {
        return f.login(LoginState.PASSWORD, Optional.of(userId));
    }

    @Test
    void passwordWhenCorrectThenTheSecondFactorNeverAPasskeyOffer() {
        StepResult r = step(true).password(atPassword("u1"), PASSWORD);
        assertEquals(LoginState.ONE_TIME_CODE, r.next().state());
        assertTrue(r.next().passwordVerified());
        assertTrue(r.next().amr().isEmpty(), "nothing is claimed before the second factor");
        assertTrue(r.error().isEmpty());
    }

    @Test
    void passwordWhenSecondFactorSwitchedOffThenDoneWithPwdOnly() {
        StepResult r = step(false).password(atPassword("u1"), PASSWORD);
        assertEquals(LoginState.DONE, r.next().state());
        assertEquals(List.of("pwd"), r.next().amr());
        assertEquals(Optional.of(Acr.PASSWORD), r.next().acr());
    }

    @Test
    void passwordWhenWrongOrMissingThenStaysWithTheCatalogueError() {
        StepResult wrong = step(true).password(atPassword("u1"), "wrong");
        assertEquals(LoginState.PASSWORD, wrong.next().state());
        assertEquals(Optional.of(LoginError.WRONG_CREDENTIALS), wrong.error());
        assertFalse(wrong.next().passwordVerified());
        assertEquals(Optional.of(LoginError.MISSING_INPUT), step(true).password(atPassword("u1"), "").error());
        assertEquals(Optional.of(LoginError.MISSING_INPUT), step(true).password(atPassword("u1"), null).error());
    }

    @Test
    void passwordWhenAccountDeactivatedOrUnknownThenTheSameWrongCredentials() {
        assertEquals(Optional.of(LoginError.WRONG_CREDENTIALS), step(true).password(atPassword("u2"), PASSWORD).error());
        StepResult unknown = step(true).password(f.login(LoginState.PASSWORD, Optional.empty()), PASSWORD);
        assertEquals(Optional.of(LoginError.WRONG_CREDENTIALS), unknown.error());
    }

    @Test
    void passwordWhenTooManyWrongForTheIdentifierThenLockedEvenWithTheRightOne() {
        PasswordStep step = step(true);
        for (int i = 0; i < f.settings.accountFailuresBeforeDelay(); i++) {
            step.password(atPassword("u1"), "wrong " + i);
        }
        assertEquals(Optional.of(LoginError.TEMPORARILY_LOCKED), step.password(atPassword("u1"), PASSWORD).error());
        f.now = f.now.plus(Duration.ofMinutes(16));
        assertEquals(LoginState.ONE_TIME_CODE, step.password(atPassword("u1"), PASSWORD).next().state(), "the delay passes");
        assertFalse(f.audit.recent("password.throttled", 5).isEmpty());
    }
}
