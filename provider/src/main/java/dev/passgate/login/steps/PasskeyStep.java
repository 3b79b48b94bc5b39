package dev.passgate.login.steps;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.interaction.Acr;
import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.LoginState;
import dev.passgate.login.Challenge;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.StepResult;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;
import dev.passgate.login.PasskeyErrorClassifier;
import dev.passgate.passkey.AssertionFailure;
import dev.passgate.passkey.AssertionOptions;
import dev.passgate.passkey.AssertionResult;
import dev.passgate.passkey.AssertionStart;
import dev.passgate.passkey.FinishAssertion;
import dev.passgate.passkey.Passkey;
import dev.passgate.passkey.PasskeyLookup;
import dev.passgate.passkey.Passkeys;

/**
 * Step 2: the passkey ceremony, started from the identifier page (autofill, discoverable) or
 * after the identifier (for this account). The browser only carries the ceremony out: the
 * challenge is issued, kept and spent here, and every failure is classified and counted here.
 */
public final class PasskeyStep {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    static final String ASSERTION = "assertion";

    private final Passkeys passkeys;
    private final PasskeyLookup store;
    private final UserStore users;
    private final PasskeyErrorClassifier classifier;
    private final DeviceCookie deviceCookie;
    private final LoginSettings settings;
    private final AuditLog audit;
    private final Clock clock;

    public PasskeyStep(Passkeys passkeys, PasskeyLookup store, UserStore users, PasskeyErrorClassifier classifier,
                       DeviceCookie deviceCookie, LoginSettings settings, AuditLog audit, Clock clock) {
        this.passkeys = passkeys;
        this.users = users;
        this.store = store;
        this.classifier = classifier;
        this.deviceCookie = deviceCookie;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    static final String IMMEDIATE = "IMMEDIATE";

    /** Request options: discoverable (no account yet) on the identifier page, the account's passkeys after it. */
    public StepResult options(LoginContext ctx) {
        return options(ctx, false);
    }

    /**
     * @param immediate the page asks with WebAuthn L3 {@code mediation: "immediate"} (the person pressed
     *                  "Sign in with a passkey" before any identifier; the browser answers at once, with a
     *                  passkey sheet or a silent refusal): recorded as a decision like any other
     */
    public StepResult options(LoginContext ctx, boolean immediate) {
        LoginTransaction tx = ctx.transaction();
        boolean firstImmediate = immediate && tx.state() == LoginState.IDENTIFY && !IMMEDIATE.equals(tx.decision().orElse(""));
        if (firstImmediate) { // once per login: a page cannot fill the trail by asking again
            audit.record(new AuditEvent(clock.instant(), IdentifyStep.DECISION_EVENT, Optional.empty(), "START:IMMEDIATE_MEDIATION", ""));
            tx = tx.change().decision(IMMEDIATE).build(); // the identifier, if it comes, decides afresh
        }
        Optional<String> user = tx.state() == LoginState.PASSKEY ? tx.userId() : Optional.empty();
        AssertionStart start = passkeys.startAssertion(new AssertionOptions(user, settings.passkeyTimeout()));
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(start.challenge());
        return StepResult.to(tx.change().challenge(challenge, ASSERTION)
                .challengeValidUntil(clock.instant().plus(settings.passkeyTimeout()).plus(Challenge.GRACE)).build())
                .withJson(start.optionsJson());
    }

    /** @param issued the challenge this ceremony answers, already spent on the transaction */
    public StepResult verify(LoginContext ctx, String credentialJson, Challenge issued) {
        LoginTransaction spent = ctx.transaction();
        LoginTransaction tx = spent;
        if (!ASSERTION.equals(issued.purpose())) {
            return StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        if (issued.isLateAt(clock.instant())) { // the prompt timed out long ago: the same answer as the browser's timeout
            audit.record(new AuditEvent(clock.instant(), "passkey.failure", tx.userId(), "passkey_timed_out:LATE_ANSWER",
                    "ceremony=" + ceremony(tx)));
            return fail(ctx, spent, LoginError.PASSKEY_TIMED_OUT);
        }
        byte[] challenge = Base64.getUrlDecoder().decode(issued.value());
        Optional<String> expectedUser = tx.state() == LoginState.PASSKEY ? tx.userId() : Optional.empty();
        AssertionResult result = passkeys.finishAssertion(new FinishAssertion(credentialJson, challenge, expectedUser));
        Instant now = clock.instant();
        if (result instanceof AssertionResult.Verified ok
                && users.findById(ok.userId()).filter(User::active).isEmpty()) { // deactivated: the passkey proves who, not may
            audit.record(new AuditEvent(now, "passkey.refused_disabled", Optional.of(ok.userId()), "ACCOUNT_DISABLED",
                    "credential=" + ok.passkey().credentialId()));
            return StepResult.error(spent, LoginError.ACCOUNT_DISABLED);
        }
        // The ceremony's time as the server saw it, challenge to answer: what the reports' median and p90 show.
        // Autofill's challenge waits on the page for the person to choose, so its time says nothing of the ceremony.
        String elapsed = "AUTOFILL".equals(ceremony(tx)) ? "" : issued.expiresAt()
                .map(until -> " elapsedMs=" + Math.max(0, java.time.Duration.between(
                        until.minus(settings.passkeyTimeout()).minus(Challenge.GRACE), now).toMillis())).orElse("");
        if (result instanceof AssertionResult.Verified ok) {
            Passkey used = ok.passkey();
            audit.record(new AuditEvent(now, "passkey.success", Optional.of(ok.userId()), "VERIFIED",
                    "credential=" + used.credentialId() + " synced=" + used.backupState() + elapsed + " ceremony=" + ceremony(tx)));
            // RFC 8176: a synced passkey is a software-protected key (swk), a device-bound one hardware (hwk);
            // user verification makes it multi-factor.
            List<String> amr = List.of(used.backupEligible() ? "swk" : "hwk", "user", "mfa");
            LoginTransaction verified = spent.change().user(ok.userId(), tx.identifier()).verified(amr, Acr.PHISHING_RESISTANT, now)
                    .ceremony(ceremony(tx)).build();
            // A passkey from a phone (hybrid): offer one on this device, so next time needs no phone. The offer
            // step applies the skip rule and the limit.
            boolean crossDevice = crossDevice(credentialJson, used);
            if (crossDevice) {
                audit.record(new AuditEvent(now, "passkey.cross_device", Optional.of(ok.userId()), "OFFER_LOCAL",
                        "credential=" + used.credentialId()));
            }
            return StepResult.to(crossDevice ? verified.change().offer(OfferPasskeyStep.LOCAL).state(LoginState.OFFER_PASSKEY).build()
                            : verified.change().state(LoginState.DONE).build())
                    .withDeviceCookie(deviceCookie.afterSuccess(ctx.device(), used.credentialId().toString()));
        }
        AssertionResult.Refused refused = (AssertionResult.Refused) result;
        LoginError error = map(refused.reason());
        audit.record(new AuditEvent(now, refused.reason() == AssertionFailure.POSSIBLE_CLONE ? "passkey.possible_clone"
                : "passkey.failure", tx.userId(), error.code() + ":" + refused.reason(),
                ("ceremony=" + ceremony(tx) + elapsed + " " + reported(refused.detail())).strip()));
        // The one refusal that proves which passkey answered (its signature verified first): healing replaces it.
        Optional<String> broken = refused.reason() == AssertionFailure.POSSIBLE_CLONE
                ? refused.credential().map(Object::toString).filter(id -> tx.userId()
                        .map(u -> store.forUser(u).stream().anyMatch(p -> p.credentialId().toString().equals(id))).orElse(false))
                : Optional.empty();
        StepResult failed = fail(ctx, broken.map(id -> spent.change().failedCredential(id).build()).orElse(spent), error);
        return refused.reason() == AssertionFailure.UNKNOWN_CREDENTIAL && refused.credential().isPresent()
                ? failed.withUnknownCredential(refused.credential().get().toString()) : failed;
    }

    /**
     * A refusal's detail after the server's own fields: it may echo what the browser sent (a credential id, a parser's
     * message), so it is cut, and its spaces and '=' replaced, that it can neither push those fields out of the
     * column nor pose as one of them.
     */
    static String reported(String detail) {
        String d = detail == null ? "" : detail.length() > 300 ? detail.substring(0, 300) : detail;
        return d.isEmpty() ? "" : "reason=" + d.replaceAll("[\\s=]", "_");
    }

    /**
     * Signed in with a passkey on another device over hybrid (caBLE): the response says the
     * authenticator is {@code cross-platform}, and hybrid is how it is reached (the response's or the
     * stored transports). A security key is cross-platform too, but reached over USB or NFC.
     */
    static boolean crossDevice(String credentialJson, Passkey used) {
        try {
            jakarta.json.JsonObject json = JSON.createReader(new java.io.StringReader(credentialJson)).readObject();
            if (!"cross-platform".equals(json.getString("authenticatorAttachment", ""))) {
                return false;
            }
            // Assertions carry no transports in today's browsers: then the ones stored at registration decide.
            jakarta.json.JsonObject response = json.getJsonObject("response");
            java.util.List<String> reported = response != null && response.get("transports") instanceof jakarta.json.JsonArray a
                    ? a.stream().filter(v -> v instanceof jakarta.json.JsonString).map(v -> ((jakarta.json.JsonString) v).getString()).toList()
                    : java.util.List.of();
            return reported.isEmpty() ? used.transports().contains("hybrid") : reported.contains("hybrid");
        } catch (RuntimeException unreadable) {
            return false; // it verified, so it was readable; whatever else it says is no reason to offer
        }
    }

    /**
     * How the passkey of this attempt was asked for (the trail's ceremony kind, success or failure): on the
     * identifier page by autofill or an immediate request; after it, started by itself (intelligence said START
     * and nothing failed yet) or by the button.
     */
    static String ceremony(LoginTransaction tx) {
        if (tx.state() == LoginState.IDENTIFY) {
            return IMMEDIATE.equals(tx.decision().orElse("")) ? "IMMEDIATE" : "AUTOFILL";
        }
        return "START".equals(tx.decision().orElse("")) && tx.passkeyFailures() == 0 ? "AUTOMATIC" : "BUTTON";
    }

    /** "Use password instead": the pending challenge is dropped, the password takes over. */
    public StepResult usePassword(LoginContext ctx) {
        return StepResult.to(ctx.transaction().change().challenge(null, null).state(LoginState.PASSWORD).build());
    }

    /**
     * The browser's ceremony failed before anything reached us: classify what it reports. Only a
     * report that answers a challenge this login issued is taken, once (the challenge is spent):
     * a report out of nowhere could otherwise fake the failures that lead to a healing offer, and
     * with it a new passkey for whoever holds the password and code (issue 10).
     */
    public StepResult failed(LoginContext ctx, String domExceptionName, long elapsedMillis) {
        LoginTransaction tx = ctx.transaction();
        if (tx.challenge().isEmpty() || !ASSERTION.equals(tx.challengePurpose().orElse(""))) {
            audit.record(new AuditEvent(clock.instant(), "passkey.failure_refused", tx.userId(), "NO_CHALLENGE",
                    "name=" + domExceptionName + " state=" + tx.state()));
            return StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        boolean usedHereBefore = tx.userId().map(id -> store.forUser(id).stream()
                .anyMatch(p -> ctx.device().credentialIds().contains(p.credentialId().toString()))).orElse(false);
        LoginError error = classifier.classify(PasskeyErrorClassifier.Ceremony.AUTHENTICATION, domExceptionName,
                Duration.ofMillis(Math.max(0, elapsedMillis)), settings.passkeyTimeout(), usedHereBefore);
        audit.record(new AuditEvent(clock.instant(), "passkey.failure", tx.userId(), error.code() + ":" + domExceptionName,
                "elapsedMs=" + elapsedMillis + " state=" + tx.state() + " ceremony=" + ceremony(tx)));
        return fail(ctx, tx.change().challenge(null, null).build(), error);
    }

    private StepResult fail(LoginContext ctx, LoginTransaction tx, LoginError error) {
        // An autofill request on the identifier page is a guess made before anyone asked for a passkey: its
        // failure is shown and recorded, but does not push the person toward the password.
        boolean counts = error.countsTowardFallback() && tx.state() != LoginState.IDENTIFY;
        LoginTransaction counted = tx.change().passkeyFailure(error.code(), counts).build();
        boolean fallBack = error == LoginError.NOT_SUPPORTED
                || counted.passkeyFailures() >= settings.passkeyFailureThreshold();
        // A failed autofill attempt on the identifier page stays there, with its message and the form.
        LoginState next = tx.state() == LoginState.IDENTIFY ? LoginState.IDENTIFY
                : fallBack ? LoginState.PASSWORD : LoginState.PASSKEY;
        if (next == LoginState.PASSWORD) { // the fallback, and why: what support and the reports read
            audit.record(new AuditEvent(clock.instant(), "passkey.fallback", tx.userId(), error.code(),
                    "failures=" + counted.passkeyFailures()));
        }
        StepResult result = StepResult.error(counted.change().state(next).build(), error);
        return counts ? result.withDeviceCookie(deviceCookie.afterFailure(ctx.device(), clock.instant())) : result;
    }

    static LoginError map(AssertionFailure reason) {
        return switch (reason) {
            case UNKNOWN_CREDENTIAL -> LoginError.NO_PASSKEY_ON_DEVICE;
            case USER_VERIFICATION_MISSING -> LoginError.BIOMETRIC_NOT_VERIFIED;
            case USER_PRESENCE_MISSING -> LoginError.PASSKEY_NOT_FOUND_OR_CANCELLED;
            case CHALLENGE_MISMATCH, BAD_ORIGIN, BAD_RP_ID, MALFORMED -> LoginError.PASSKEY_UNAVAILABLE;
            default -> LoginError.VERIFICATION_FAILED; // signature, clone, wrong account, handle mismatch, flags
        };
    }
}
