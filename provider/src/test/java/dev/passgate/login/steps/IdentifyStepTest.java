package dev.passgate.login.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.interaction.Interaction;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.StepResult;
import dev.passgate.login.intelligence.ClientCapabilities;
import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.login.intelligence.PasskeyIntelligence;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaPasskeyStore;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/**
 * The identifier step on H2: every decision lands in the audit trail with its reason, and an
 * unknown identifier goes the same way as an account without passkeys.
 */
class IdentifyStepTest {
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    Database db;
    AuditLog audit;
    IdentifyStep step;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        JpaUserStore users = new JpaUserStore(db);
        users.create(User.create("u1", "ada", now).withEmail("ada@example.com", true));
        audit = JpaLoginStores.audit(db);
        step = new IdentifyStep(users, new JpaPasskeyStore(db), new PasskeyIntelligence(2), audit,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private LoginContext context() {
        LoginTransaction tx = LoginTransaction.start("h", "", now, now.plusSeconds(600));
        Interaction interaction = new Interaction("h", "b", "web", Map.of(), now, now.plusSeconds(600), Optional.empty());
        return new LoginContext("id", interaction, tx, DeviceRecord.EMPTY, "10.0.0.1", java.util.Locale.ENGLISH);
    }

    private StepResult identify(String identifier, boolean passwordRequested) {
        return step.identify(context(), identifier, new ClientCapabilities(true, true, true, false),
                IdentifyStep.Probe.COMPLETE, passwordRequested);
    }

    /** Issue 10 (6): a browser without WebAuthn is told why it gets the password, known account or not. */
    @Test
    void identifyWhenBrowserHasNoWebAuthnThenPasswordWithTheNotSupportedNoticeAndTheProbeAudited() {
        for (String who : List.of("ada", "nobody")) {
            StepResult r = step.identify(context(), who, ClientCapabilities.UNKNOWN, IdentifyStep.Probe.PARTIAL, false);
            assertEquals(LoginState.PASSWORD, r.next().state());
            assertEquals(Optional.of(LoginError.NOT_SUPPORTED), r.error(), who);
        }
        assertTrue(audit.recent(IdentifyStep.DECISION_EVENT, 10).stream().anyMatch(e -> e.detail().contains("probe=partial")));
        StepResult noScript = step.identify(context(), "ada", ClientCapabilities.UNKNOWN, IdentifyStep.Probe.MISSING, false);
        assertEquals(LoginState.PASSWORD, noScript.next().state());
        assertEquals(Optional.empty(), noScript.error(), "no script ran: nobody asked the browser, so no claim about it");
        assertTrue(audit.recent(IdentifyStep.DECISION_EVENT, 10).stream().anyMatch(e -> e.detail().contains("probe=missing")));
        StepResult chosen = step.identify(context(), "ada", ClientCapabilities.UNKNOWN, IdentifyStep.Probe.PARTIAL, true);
        assertEquals(Optional.empty(), chosen.error(), "asked for the password: no notice");
        assertTrue(audit.recent(IdentifyStep.DECISION_EVENT, 10).stream().anyMatch(e -> e.detail().contains("probe=partial")));
    }

    @Test
    void identifyWhenAccountHasNoPasskeyOrIsUnknownThenSamePasswordStepAndDecisionAudited() {
        StepResult known = identify("ADA@example.com", false);
        StepResult unknown = identify("nobody", false);
        assertEquals(LoginState.PASSWORD, known.next().state());
        assertEquals(LoginState.PASSWORD, unknown.next().state());
        assertEquals(Optional.of("u1"), known.next().userId());
        assertEquals(Optional.empty(), unknown.next().userId());
        assertEquals(known.next().decision(), unknown.next().decision(), "the next step does not tell them apart");

        List<AuditEvent> decisions = audit.recent(IdentifyStep.DECISION_EVENT, 10);
        assertEquals(2, decisions.size());
        assertTrue(decisions.stream().allMatch(e -> e.outcome().equals("FALLBACK:NO_PASSKEYS")), decisions::toString);
        assertTrue(decisions.stream().anyMatch(e -> e.userId().equals(Optional.of("u1"))));
    }

    @Test
    void identifyWhenPasswordAskedForThenReasonRecordedAsSuch() {
        assertEquals(LoginState.PASSWORD, identify("ada", true).next().state());
        assertEquals("FALLBACK:PASSWORD_REQUESTED", audit.recent(IdentifyStep.DECISION_EVENT, 1).get(0).outcome());
    }

    @Test
    void identifyWhenBlankThenMissingInputAndNothingMoves() {
        StepResult r = identify("   ", false);
        assertEquals(Optional.of(LoginError.MISSING_INPUT), r.error());
        assertEquals(LoginState.IDENTIFY, r.next().state());
        assertTrue(audit.recent(IdentifyStep.DECISION_EVENT, 10).isEmpty());
    }
}
