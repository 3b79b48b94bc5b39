package dev.passgate.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.login.Challenge;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.PasskeyErrorClassifier;
import dev.passgate.login.steps.OfferPasskeyStep;
import dev.passgate.notify.Notice;
import dev.passgate.notify.Notifier;
import dev.passgate.passkey.AuthenticatorNames;
import dev.passgate.passkey.CredentialId;
import dev.passgate.passkey.FinishRegistration;
import dev.passgate.passkey.Passkey;
import dev.passgate.passkey.PasskeyLookup;
import dev.passgate.passkey.PasskeyStore;
import dev.passgate.passkey.Passkeys;
import dev.passgate.passkey.RegistrationOptions;
import dev.passgate.passkey.RegistrationResult;
import dev.passgate.passkey.RegistrationStart;
import dev.passgate.user.User;

/**
 * The person's own passkeys: list, rename, delete, add. The same policy as at login: one user
 * handle per account, the per-account limit, the error catalogue, and a notice to the account
 * holder for every passkey added or removed. Whether the person may act at all (signed in, verified
 * recently enough, the form's CSRF token) is the web layer's job; this class checks that the
 * passkey acted on is the account's own.
 */
public final class AccountPasskeys {
    /** What a name may be: what an authenticator list shows, never a paragraph. */
    public static final int MAX_NAME = 64;

    private final Passkeys passkeys;
    private final PasskeyLookup lookup;
    private final PasskeyStore store;
    private final AuthenticatorNames names;
    private final AccountCeremonyStore ceremonies;
    private final PasskeyErrorClassifier classifier;
    private final LoginSettings login;
    private final AuditLog audit;
    private final Notifier notifier;
    private final Clock clock;

    public AccountPasskeys(Passkeys passkeys, PasskeyLookup lookup, PasskeyStore store, AuthenticatorNames names,
                           AccountCeremonyStore ceremonies, PasskeyErrorClassifier classifier, LoginSettings login,
                           AuditLog audit, Notifier notifier, Clock clock) {
        this.passkeys = passkeys;
        this.lookup = lookup;
        this.store = store;
        this.names = names;
        this.ceremonies = ceremonies;
        this.classifier = classifier;
        this.login = login;
        this.audit = audit;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** What registering one more passkey gave: the passkey, or the catalogue entry that says why not. */
    public sealed interface Added {
        record Created(Passkey passkey) implements Added {
        }

        record Refused(LoginError error) implements Added {
        }
    }

    /**
     * What the account pages tell authenticators through the WebAuthn Signal API: the account's
     * user handle and every credential id it still holds, and the names to show.
     */
    public record Signal(String userHandle, List<String> acceptedIds, String name, String displayName) {
    }

    /** The account's passkeys, newest first. */
    public List<PasskeyRow> list(String userId) {
        return lookup.forUser(userId).stream().map(this::row).toList();
    }

    public PasskeyRow row(Passkey p) {
        return PasskeyRow.of(p, names.iconOf(p.aaguid()));
    }

    public int limit() {
        return login.maxPasskeys();
    }

    /** The account's passkey with this id; empty for an unknown id or another account's passkey. */
    public Optional<Passkey> find(String userId, String credentialId) {
        CredentialId id;
        try {
            id = CredentialId.fromBase64Url(credentialId == null ? "" : credentialId);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
        return lookup.find(id).filter(p -> p.userId().equals(userId));
    }

    /**
     * @return false when the name is not one (blank, longer than {@value #MAX_NAME}, control characters) or the
     *         passkey is not the account's
     */
    public boolean rename(String userId, String credentialId, String name) {
        Optional<String> clean = cleanName(name);
        Optional<Passkey> found = find(userId, credentialId);
        if (clean.isEmpty() || found.isEmpty()) {
            return false;
        }
        if (!store.rename(found.get().credentialId(), clean.get())) {
            return false;
        }
        audit.record(new AuditEvent(clock.instant(), "account.passkey_renamed", Optional.of(userId), "OK",
                "credential=" + found.get().credentialId()));
        return true;
    }

    /**
     * Control, format (bidirectional overrides, zero-width), line and paragraph separator, private-use and
     * unassigned characters: a name is shown in lists and mailed in notices, where these would disguise it.
     */
    private static boolean unprintable(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                || type == Character.SURROGATE;
    }

    static Optional<String> cleanName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.codePointCount(0, n.length()) > MAX_NAME || n.codePoints().anyMatch(AccountPasskeys::unprintable)) {
            return Optional.empty();
        }
        return Optional.of(n);
    }

    /**
     * Deletes the account's passkey and tells the account holder.
     *
     * @param browser a summary of the browser that asked, for the notice
     * @return the deleted passkey; empty when it was not the account's, or already gone
     */
    public Optional<Passkey> delete(String userId, String credentialId, String browser) {
        Optional<Passkey> found = find(userId, credentialId);
        if (found.isEmpty() || !store.delete(found.get().credentialId())) {
            return Optional.empty();
        }
        Passkey gone = found.get();
        audit.record(new AuditEvent(clock.instant(), "account.passkey_deleted", Optional.of(userId), "OK",
                "credential=" + gone.credentialId() + " remaining=" + lookup.countForUser(userId)));
        notifier.passkeyChanged(userId, Notice.Kind.PASSKEY_REMOVED, gone.name(), Optional.empty(), browser);
        return found;
    }

    /** Deletes the account's passkey without a notice of its own: for a change that tells the holder once (support's reset). */
    public boolean deleteQuietly(String userId, String credentialId) {
        return find(userId, credentialId).filter(p -> store.delete(p.credentialId())).isPresent();
    }

    /** Creation options for one more passkey; the challenge is kept for this session, replacing any earlier one. */
    public String startAdd(String sid, User user) {
        RegistrationStart start = passkeys.startRegistration(new RegistrationOptions(user.id(), user.username(), user.name(),
                login.passkeyTimeout()));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        ceremonies.save(new AccountCeremony(sid, user.id(), b64.encodeToString(start.challenge()),
                b64.encodeToString(start.userHandle()), clock.instant().plus(login.passkeyTimeout()).plus(Challenge.GRACE)));
        return start.optionsJson();
    }

    /** Verifies and stores the new passkey against the challenge this session was issued (spent either way). */
    public Added finishAdd(String sid, User user, String credentialJson, String browser) {
        Optional<AccountCeremony> issued = ceremonies.take(sid).filter(c -> c.userId().equals(user.id()));
        Instant now = clock.instant();
        if (issued.isEmpty()) { // no ceremony of this session: nothing to audit (a signed-in user could fill the trail)
            return new Added.Refused(LoginError.SESSION_EXPIRED);
        }
        if (!now.isBefore(issued.get().validUntil())) {
            return refused(user, LoginError.SETUP_TIMED_OUT, "LATE_ANSWER", "");
        }
        Base64.Decoder b64 = Base64.getUrlDecoder();
        RegistrationResult result = passkeys.finishRegistration(new FinishRegistration(credentialJson,
                b64.decode(issued.get().challenge()), user.id(), b64.decode(issued.get().userHandle()), Optional.empty(),
                Passkey.Origin.ACCOUNT));
        if (result instanceof RegistrationResult.Registered ok) {
            audit.record(new AuditEvent(now, "passkey.registered", Optional.of(user.id()), "ACCOUNT",
                    "credential=" + ok.passkey().credentialId()));
            notifier.passkeyChanged(user.id(), Notice.Kind.PASSKEY_ADDED, ok.passkey().name(), Optional.empty(), browser,
                    Optional.of(Notifier.sync(ok.passkey().backupEligible(), ok.passkey().backupState())));
            return new Added.Created(ok.passkey());
        }
        RegistrationResult.Refused no = (RegistrationResult.Refused) result;
        return refused(user, OfferPasskeyStep.map(no.reason()), no.reason().name(), no.detail());
    }

    /** The browser's create() failed: the catalogue entry for its DOMException; the challenge is spent. */
    public LoginError failed(String sid, User user, String domExceptionName, long elapsedMillis) {
        if (ceremonies.take(sid).filter(c -> c.userId().equals(user.id())).isEmpty()) {
            return LoginError.SESSION_EXPIRED; // no ceremony of this session: nothing to classify or audit
        }
        LoginError error = classifier.classify(PasskeyErrorClassifier.Ceremony.REGISTRATION, domExceptionName,
                Duration.ofMillis(Math.max(0, elapsedMillis)), login.passkeyTimeout(), false);
        audit.record(new AuditEvent(clock.instant(), "passkey.registration_failure", Optional.of(user.id()),
                error.code() + ":" + domExceptionName, "account elapsedMs=" + elapsedMillis));
        return error;
    }

    private Added refused(User user, LoginError error, String reason, String detail) {
        audit.record(new AuditEvent(clock.instant(), "passkey.registration_failure", Optional.of(user.id()),
                error.code() + ":" + reason, "account " + detail));
        return new Added.Refused(error);
    }

    /** What to tell authenticators; empty when the account never had a passkey (no user handle to name it by). */
    public Optional<Signal> signal(User user) {
        return lookup.userHandle(user.id()).map(handle -> new Signal(Base64.getUrlEncoder().withoutPadding().encodeToString(handle),
                lookup.forUser(user.id()).stream().map(p -> p.credentialId().toString()).toList(), user.username(), user.name()));
    }
}
