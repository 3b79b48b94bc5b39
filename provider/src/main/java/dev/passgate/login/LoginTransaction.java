package dev.passgate.login;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.passgate.login.intelligence.ClientCapabilities;

/**
 * One login, from the identifier to the hand-back, stored in the database so any node can serve
 * any step. Keyed by the SHA-256 of the interaction id the browser holds (cookie and URL).
 * Changed only through copies; {@code version} guards against two requests racing on one login.
 *
 * @param passkeyFailures passkey failures counted toward the fallback threshold in this login
 * @param passkeyErrorSeen a passkey failed in this login answering a challenge the server issued for this
 *                         account: the offer after sign-in becomes autohealing
 * @param failedCredential one of the account's own passkeys that a server-verified assertion failed with in
 *                         this login (a signature, flag or counter check): what healing replaces when this
 *                         browser's own record names none
 * @param challenge       the pending WebAuthn challenge (base64url), single use
 * @param userHandle      for a pending registration: the WebAuthn user handle (base64url) offered to the browser
 * @param challengeExpiresAt when the pending challenge stops being answerable: the browser prompt's timeout
 *                        and a short grace, not the whole login's lifetime
 * @param offerKind       APPEND or HEAL once the offer is decided
 * @param ceremony        how a passkey signed the person in: AUTOMATIC (started by itself after the identifier),
 *                        AUTOFILL, BUTTON or IMMEDIATE; for the audit trail and the account's recent activity
 */
public record LoginTransaction(
        String idHash,
        LoginState state,
        Optional<String> userId,
        String identifier,
        int passkeyFailures,
        boolean passkeyErrorSeen,
        Optional<String> failedCredential,
        Optional<String> lastError,
        Optional<String> decision,
        Optional<String> challenge,
        Optional<String> challengePurpose,
        Optional<String> userHandle,
        Optional<Instant> challengeExpiresAt,
        ClientCapabilities capabilities,
        boolean passwordVerified,
        Optional<String> otpChannel,
        List<String> amr,
        Optional<String> acr,
        Optional<Instant> authTime,
        Optional<String> offerKind,
        Optional<String> ceremony,
        Instant createdAt,
        Instant expiresAt,
        long version) {

    public LoginTransaction {
        Objects.requireNonNull(idHash);
        Objects.requireNonNull(state);
        amr = List.copyOf(amr);
        identifier = identifier == null ? "" : identifier;
    }

    public static LoginTransaction start(String idHash, String loginHint, Instant now, Instant expiresAt) {
        // A hint is only a prefill: cut to what an identifier may be (320), without control characters (PostgreSQL
        // refuses NUL), so no request parameter can make the login's row unwritable.
        String hint = loginHint == null ? "" : loginHint.replaceAll("\\p{Cntrl}", "");
        hint = hint.length() > 320 ? hint.substring(0, 320) : hint;
        return new LoginTransaction(idHash, LoginState.IDENTIFY, Optional.empty(), hint, 0, false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ClientCapabilities.UNKNOWN,
                false, Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), now, expiresAt, 0);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The same transaction as stored after a successful write (the store bumps the version). */
    public LoginTransaction withVersion(long newVersion) {
        return new LoginTransaction(idHash, state, userId, identifier, passkeyFailures, passkeyErrorSeen, failedCredential,
                lastError, decision, challenge, challengePurpose, userHandle, challengeExpiresAt, capabilities, passwordVerified,
                otpChannel, amr, acr, authTime, offerKind, ceremony, createdAt, expiresAt, newVersion);
    }

    /** A small builder for copies: every change to a transaction goes through here. */
    public Change change() {
        return new Change(this);
    }

    public static final class Change {
        private LoginState state;
        private Optional<String> userId;
        private String identifier;
        private int passkeyFailures;
        private boolean passkeyErrorSeen;
        private Optional<String> failedCredential;
        private Optional<String> lastError;
        private Optional<String> decision;
        private Optional<String> challenge;
        private Optional<String> challengePurpose;
        private Optional<String> userHandle;
        private Optional<Instant> challengeExpiresAt;
        private ClientCapabilities capabilities;
        private boolean passwordVerified;
        private Optional<String> otpChannel;
        private List<String> amr;
        private Optional<String> acr;
        private Optional<Instant> authTime;
        private Optional<String> offerKind;
        private Optional<String> ceremony;
        private final LoginTransaction from;

        private Change(LoginTransaction t) {
            from = t;
            state = t.state;
            userId = t.userId;
            identifier = t.identifier;
            passkeyFailures = t.passkeyFailures;
            passkeyErrorSeen = t.passkeyErrorSeen;
            failedCredential = t.failedCredential;
            lastError = t.lastError;
            decision = t.decision;
            challenge = t.challenge;
            challengePurpose = t.challengePurpose;
            userHandle = t.userHandle;
            challengeExpiresAt = t.challengeExpiresAt;
            capabilities = t.capabilities;
            passwordVerified = t.passwordVerified;
            otpChannel = t.otpChannel;
            amr = t.amr;
            acr = t.acr;
            authTime = t.authTime;
            offerKind = t.offerKind;
            ceremony = t.ceremony;
        }

        public Change state(LoginState v) { state = v; return this; }
        public Change user(String id, String typed) { userId = Optional.ofNullable(id); identifier = typed; return this; }
        /** @param counts the failure answered a challenge issued for this account: evidence for fallback and healing */
        public Change passkeyFailure(String errorCode, boolean counts) {
            passkeyErrorSeen |= counts;
            lastError = Optional.of(errorCode);
            passkeyFailures += counts ? 1 : 0;
            return this;
        }
        /** The account's own passkey a server-verified assertion just failed with. */
        public Change failedCredential(String credentialId) { failedCredential = Optional.ofNullable(credentialId); return this; }
        public Change lastError(String code) { lastError = Optional.ofNullable(code); return this; }
        public Change decision(String v) { decision = Optional.of(v); return this; }
        public Change challenge(String value, String purpose) {
            challenge = Optional.ofNullable(value);
            challengePurpose = Optional.ofNullable(purpose);
            userHandle = Optional.empty();
            challengeExpiresAt = Optional.empty();
            return this;
        }
        /** The pending challenge may be answered until then (the prompt's timeout and a grace). */
        public Change challengeValidUntil(Instant at) { challengeExpiresAt = Optional.of(at); return this; }
        public Change registrationChallenge(String value, String handle) {
            challenge = Optional.of(value);
            challengePurpose = Optional.of("registration");
            userHandle = Optional.of(handle);
            challengeExpiresAt = Optional.empty();
            return this;
        }
        public Change capabilities(ClientCapabilities v) { capabilities = v; return this; }
        public Change passwordVerified() { passwordVerified = true; return this; }
        public Change otpChannel(String v) { otpChannel = Optional.ofNullable(v); return this; }
        public Change verified(List<String> methods, String acrValue, Instant at) {
            amr = methods;
            acr = Optional.of(acrValue);
            authTime = Optional.of(at);
            return this;
        }
        public Change offer(String kind) { offerKind = Optional.ofNullable(kind); return this; }

        public Change ceremony(String kind) { ceremony = Optional.ofNullable(kind); return this; }

        public LoginTransaction build() {
            return new LoginTransaction(from.idHash, state, userId, identifier, passkeyFailures, passkeyErrorSeen, failedCredential,
                    lastError, decision, challenge, challengePurpose, userHandle, challengeExpiresAt, capabilities, passwordVerified,
                    otpChannel, amr, acr, authTime, offerKind, ceremony, from.createdAt, from.expiresAt, from.version);
        }
    }
}
