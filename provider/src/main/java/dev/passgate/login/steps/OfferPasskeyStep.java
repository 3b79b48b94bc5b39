package dev.passgate.login.steps;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.LoginState;
import dev.passgate.login.Challenge;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.StepResult;
import dev.passgate.login.OfferRecord;
import dev.passgate.login.PasskeyErrorClassifier;
import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.notify.Notice;
import dev.passgate.notify.Notifier;
import dev.passgate.passkey.CredentialId;
import dev.passgate.passkey.FinishRegistration;
import dev.passgate.passkey.Passkey;
import dev.passgate.passkey.PasskeyLookup;
import dev.passgate.passkey.Passkeys;
import dev.passgate.passkey.RegistrationFailure;
import dev.passgate.passkey.RegistrationOptions;
import dev.passgate.passkey.RegistrationResult;
import dev.passgate.passkey.RegistrationStart;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Step 5, only once the person is fully verified (password and second factor): offer a passkey.
 * <ul>
 * <li>APPEND: an account without passkeys, unless "I'll do it later" was chosen fewer than
 *     {@code skipSignIns} sign-ins and less than {@code skipDuration} ago;</li>
 * <li>HEAL: this login saw passkey errors and the account has passkeys: offer a new one on this
 *     device to replace the broken one, regardless of any skip, once per login. The broken one is
 *     the account's passkey this browser last signed in with (its signed device record), else the
 *     one a server-verified assertion proved cloned in this login; the new passkey takes its place
 *     (delete and add in one transaction). When neither is known the new one is added, and at the
 *     limit the person may replace the least recently used.</li>
 * </ul>
 */
public final class OfferPasskeyStep {
    public static final String APPEND = "APPEND";
    public static final String HEAL = "HEAL";
    /** Signed in with a passkey from another device (a phone over hybrid): one here would spare the phone. */
    public static final String LOCAL = "LOCAL";
    static final String REGISTRATION = "registration";

    private final Passkeys passkeys;
    private final PasskeyLookup store;
    private final UserStore users;
    private final OfferRecord offers;
    private final PasskeyErrorClassifier classifier;
    private final DeviceCookie deviceCookie;
    private final LoginSettings settings;
    private final AuditLog audit;
    private final Notifier notifier;
    private final Clock clock;

    public OfferPasskeyStep(Passkeys passkeys, PasskeyLookup store, UserStore users, OfferRecord offers,
                            PasskeyErrorClassifier classifier, DeviceCookie deviceCookie, LoginSettings settings,
                            AuditLog audit, Notifier notifier, Clock clock) {
        this.notifier = notifier;
        this.passkeys = passkeys;
        this.store = store;
        this.users = users;
        this.offers = offers;
        this.classifier = classifier;
        this.deviceCookie = deviceCookie;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** Arriving after the second factor: offer, or finish. */
    public StepResult enter(LoginContext ctx) {
        LoginTransaction tx = ctx.transaction();
        Optional<String> kind = offerKind(tx);
        audit.record(new AuditEvent(clock.instant(), "passkey.offer", tx.userId(), kind.orElse("NONE"),
                "passkeyErrorSeen=" + tx.passkeyErrorSeen()
                        + tx.userId().flatMap(offers::lastSkip).map(s -> " skipped=" + s.skippedAt() + "/" + s.signInsSince()).orElse("")));
        if (kind.isEmpty()) {
            return StepResult.to(tx.change().state(LoginState.DONE).build());
        }
        return StepResult.to(tx.change().offer(kind.get()).state(LoginState.OFFER_PASSKEY).build());
    }

    // package-private for OfferPasskeyStepTest
    Optional<String> offerKind(LoginTransaction tx) {
        if (tx.userId().isEmpty()) {
            return Optional.empty();
        }
        String userId = tx.userId().get();
        if (LOCAL.equals(tx.offerKind().orElse(""))) { // a passkey just signed in here: WebAuthn works, whatever the form said
            int count = store.countForUser(userId);
            return skipInForce(userId) || count >= settings.maxPasskeys() ? Optional.empty() : Optional.of(LOCAL);
        }
        if (!tx.capabilities().webAuthn()) {
            return Optional.empty(); // this browser cannot create a passkey
        }
        int count = store.countForUser(userId);
        if (tx.passkeyErrorSeen() && count > 0) {
            return Optional.of(HEAL);
        }
        if (count == 0 && !skipInForce(userId)) {
            return Optional.of(APPEND);
        }
        return Optional.empty();
    }

    private boolean skipInForce(String userId) {
        Instant now = clock.instant();
        return offers.lastSkip(userId)
                .map(s -> s.signInsSince() < settings.skipSignIns() && s.skippedAt().plus(settings.skipDuration()).isAfter(now))
                .orElse(false);
    }

    /**
     * At the limit, a healing offer may replace the least recently used passkey instead; never when
     * it already replaces the broken one (the count stays the same).
     */
    public boolean atLimit(LoginTransaction tx, DeviceRecord device) {
        return atLimit(tx, broken(tx, device));
    }

    /** @param broken what {@link #broken} found, when the caller has it already */
    public boolean atLimit(LoginTransaction tx, Optional<Passkey> broken) {
        return broken.isEmpty() && tx.userId().map(store::countForUser).orElse(0) >= settings.maxPasskeys();
    }

    /** The passkey a healing offer replaces, when the evidence names one (see the class comment). */
    public Optional<Passkey> broken(LoginTransaction tx, DeviceRecord device) {
        if (!HEAL.equals(tx.offerKind().orElse("")) || tx.userId().isEmpty()) {
            return Optional.empty();
        }
        List<Passkey> all = store.forUser(tx.userId().get());
        // A proven clone first: its key is compromised, whatever this browser used last.
        Optional<Passkey> clone = tx.failedCredential()
                .flatMap(id -> all.stream().filter(p -> p.credentialId().toString().equals(id)).findFirst());
        return clone.or(() -> all.stream().filter(p -> device.credentialIds().contains(p.credentialId().toString()))
                .max(Comparator.comparing(OfferPasskeyStep::lastUse)));
    }

    private static Instant lastUse(Passkey p) {
        return p.lastUsedAt() == null ? p.createdAt() : p.lastUsedAt();
    }

    /** Creation options for the offered passkey; the registration challenge is kept on the transaction. */
    public StepResult options(LoginContext ctx) {
        LoginTransaction tx = ctx.transaction();
        Optional<User> user = tx.userId().flatMap(users::findById);
        if (user.isEmpty()) {
            return StepResult.error(tx, LoginError.SETUP_UNAVAILABLE);
        }
        RegistrationStart start = passkeys.startRegistration(new RegistrationOptions(user.get().id(), user.get().username(),
                user.get().name(), settings.passkeyTimeout(), broken(tx, ctx.device()).map(Passkey::credentialId)));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return StepResult.to(tx.change().registrationChallenge(b64.encodeToString(start.challenge()),
                b64.encodeToString(start.userHandle()))
                .challengeValidUntil(clock.instant().plus(settings.passkeyTimeout()).plus(Challenge.GRACE)).build())
                .withJson(start.optionsJson());
    }

    /**
     * @param issued        the registration challenge, already spent on the transaction
     * @param replaceOldest the person chose to replace the least recently used passkey (healing at the limit)
     * @param keepBroken    the person chose to keep the passkey the offer would replace (it may still work
     *                      elsewhere): the new one is added, and the limit applies
     */
    public StepResult finish(LoginContext ctx, String credentialJson, Challenge issued, boolean replaceOldest,
                             boolean keepBroken) {
        LoginTransaction tx = ctx.transaction();
        if (!REGISTRATION.equals(issued.purpose()) || issued.userHandle().isEmpty() || tx.userId().isEmpty()) {
            return StepResult.error(tx, LoginError.SESSION_EXPIRED);
        }
        if (issued.isLateAt(clock.instant())) {
            audit.record(new AuditEvent(clock.instant(), "passkey.registration_failure", tx.userId(),
                    "setup_timed_out:LATE_ANSWER", ""));
            return StepResult.error(tx, LoginError.SETUP_TIMED_OUT);
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        LoginTransaction spent = tx;
        // The person's explicit choice at the limit wins; else the broken passkey, unless they keep it.
        boolean oldestChosen = replaceOldest && HEAL.equals(tx.offerKind().orElse(""))
                && tx.userId().map(store::countForUser).orElse(0) >= settings.maxPasskeys();
        Optional<CredentialId> replacing = oldestChosen ? leastRecentlyUsed(tx.userId().get())
                : keepBroken ? Optional.empty() : broken(tx, ctx.device()).map(Passkey::credentialId);
        Optional<Passkey> replaced = replacing.flatMap(store::find);
        RegistrationResult result = passkeys.finishRegistration(new FinishRegistration(credentialJson,
                b64.decode(issued.value()), tx.userId().get(), b64.decode(issued.userHandle().get()), replacing,
                HEAL.equals(tx.offerKind().orElse("")) ? Passkey.Origin.HEALING : Passkey.Origin.SIGN_IN));
        Instant now = clock.instant();
        if (result instanceof RegistrationResult.Registered ok) {
            audit.record(new AuditEvent(now, "passkey.registered", tx.userId(), tx.offerKind().orElse(APPEND),
                    "credential=" + ok.passkey().credentialId() + replacing.map(r -> " replaced=" + r).orElse("")));
            // Told to the account holder once stored, whoever made it: a phished password and code must not
            // buy a passkey nobody hears about.
            notifier.passkeyChanged(tx.userId().get(), replaced.isPresent() ? Notice.Kind.PASSKEY_REPLACED : Notice.Kind.PASSKEY_ADDED,
                    ok.passkey().name(), replaced.map(Passkey::name), ctx.browser(),
                    Optional.of(Notifier.sync(ok.passkey().backupEligible(), ok.passkey().backupState())));
            // A new passkey here is a fresh start for this browser: its failures are forgotten.
            return StepResult.to(spent.change().state(LoginState.DONE).build())
                    .withDeviceCookie(deviceCookie.afterRegistration(ctx.device(), ok.passkey().credentialId().toString(),
                            replacing.map(Object::toString)));
        }
        RegistrationResult.Refused refused = (RegistrationResult.Refused) result;
        LoginError error = refused.reason() == RegistrationFailure.LIMIT_REACHED && HEAL.equals(tx.offerKind().orElse(""))
                ? LoginError.LIMIT_REACHED_REPLACE : map(refused.reason());
        audit.record(new AuditEvent(now, "passkey.registration_failure", tx.userId(), error.code() + ":" + refused.reason(),
                refused.detail()));
        return StepResult.error(spent, error);
    }

    public StepResult failed(LoginContext ctx, String domExceptionName, long elapsedMillis) {
        LoginTransaction tx = ctx.transaction();
        LoginError error = classifier.classify(PasskeyErrorClassifier.Ceremony.REGISTRATION, domExceptionName,
                Duration.ofMillis(Math.max(0, elapsedMillis)), settings.passkeyTimeout(), false);
        audit.record(new AuditEvent(clock.instant(), "passkey.registration_failure", tx.userId(),
                error.code() + ":" + domExceptionName, "elapsedMs=" + elapsedMillis));
        return StepResult.error(tx.change().challenge(null, null).build(), error);
    }

    /** "I'll do it later": the append offer rests until enough sign-ins or days have passed. */
    public StepResult skip(LoginContext ctx) {
        LoginTransaction tx = ctx.transaction();
        if (APPEND.equals(tx.offerKind().orElse("")) || LOCAL.equals(tx.offerKind().orElse(""))) {
            tx.userId().ifPresent(id -> offers.recordSkip(id, clock.instant()));
        }
        audit.record(new AuditEvent(clock.instant(), "passkey.offer_skipped", tx.userId(), tx.offerKind().orElse(""), ""));
        return StepResult.to(tx.change().state(LoginState.DONE).build());
    }

    private Optional<CredentialId> leastRecentlyUsed(String userId) {
        List<Passkey> all = store.forUser(userId);
        return all.stream()
                .min(Comparator.comparing(OfferPasskeyStep::lastUse))
                .map(Passkey::credentialId);
    }

    /** The catalogue entry for a refused registration, wherever it was started (login offer, account pages). */
    public static LoginError map(RegistrationFailure reason) {
        return switch (reason) {
            case ALREADY_REGISTERED -> LoginError.ALREADY_REGISTERED;
            case LIMIT_REACHED -> LoginError.LIMIT_REACHED;
            case CHALLENGE_MISMATCH, BAD_ORIGIN, BAD_RP_ID, MALFORMED -> LoginError.SETUP_UNAVAILABLE;
            case UNSUPPORTED_ALGORITHM -> LoginError.NOT_SUPPORTED;
            default -> LoginError.REGISTRATION_FAILED;
        };
    }
}
