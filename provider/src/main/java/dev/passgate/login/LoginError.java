package dev.passgate.login;

import java.util.List;
import java.util.Locale;

import dev.passgate.i18n.Messages;

import static dev.passgate.login.NextAction.CHOOSE_OTHER_CHANNEL;
import static dev.passgate.login.NextAction.REPLACE_OLDEST_PASSKEY;
import static dev.passgate.login.NextAction.RESTART;
import static dev.passgate.login.NextAction.SEND_NEW_CODE;
import static dev.passgate.login.NextAction.SET_UP_LATER;
import static dev.passgate.login.NextAction.TRY_AGAIN;
import static dev.passgate.login.NextAction.USE_PASSWORD;

/**
 * The login error catalogue: every error a person can meet while signing in. Each has a stable
 * code (for the page script, the audit trail and tests), an HTTP status, a message in
 * {@code messages.properties} (what happened and what to do next, ready for translation),
 * the ways forward, and whether it counts toward the passkey fallback threshold.
 *
 * <p>The passkey entries cover the three tables of the product's passkey help page
 * (authentication, registration, both). Passkey failures never lock an account.
 */
public enum LoginError {
    // --- passkey sign-in ----------------------------------------------------------------------
    PASSKEY_UNAVAILABLE(503, true, TRY_AGAIN, USE_PASSWORD),
    PASSKEY_NOT_FOUND_OR_CANCELLED(400, true, TRY_AGAIN, USE_PASSWORD),
    PASSKEY_TIMED_OUT(400, true, TRY_AGAIN, USE_PASSWORD),
    NO_PASSKEY_ON_DEVICE(400, true, USE_PASSWORD, TRY_AGAIN),
    BIOMETRIC_NOT_VERIFIED(400, true, TRY_AGAIN, USE_PASSWORD),
    // --- passkey set-up -----------------------------------------------------------------------
    SETUP_UNAVAILABLE(503, false, TRY_AGAIN, SET_UP_LATER),
    SETUP_CANCELLED(400, false, TRY_AGAIN, SET_UP_LATER),
    SETUP_TIMED_OUT(400, false, TRY_AGAIN, SET_UP_LATER),
    ALREADY_REGISTERED(409, false, SET_UP_LATER),
    REGISTRATION_FAILED(400, false, TRY_AGAIN, SET_UP_LATER),
    LIMIT_REACHED(409, false, SET_UP_LATER),
    LIMIT_REACHED_REPLACE(409, false, REPLACE_OLDEST_PASSKEY, SET_UP_LATER),
    // --- both ---------------------------------------------------------------------------------
    SESSION_EXPIRED(400, false, RESTART),
    NOT_SUPPORTED(400, true, USE_PASSWORD),
    VERIFICATION_NOT_COMPLETED(400, true, TRY_AGAIN, USE_PASSWORD),
    NO_COMPATIBLE_DEVICE(400, true, TRY_AGAIN, USE_PASSWORD),
    VERIFICATION_FAILED(400, true, USE_PASSWORD),
    // --- password and second factor ------------------------------------------------------------
    MISSING_INPUT(400, false, TRY_AGAIN),
    WRONG_CREDENTIALS(401, false, TRY_AGAIN),
    TEMPORARILY_LOCKED(429, false, TRY_AGAIN),
    CODE_WRONG(400, false, TRY_AGAIN, SEND_NEW_CODE),
    CODE_EXPIRED(400, false, SEND_NEW_CODE),
    CODE_TOO_MANY_ATTEMPTS(400, false, SEND_NEW_CODE),
    CODE_RESEND_TOO_SOON(429, false, TRY_AGAIN),
    CODE_SEND_LIMIT(429, false, CHOOSE_OTHER_CHANNEL),
    CODES_LOCKED(429, false, RESTART),
    DELIVERY_FAILED(503, false, CHOOSE_OTHER_CHANNEL, TRY_AGAIN),
    NO_SECOND_FACTOR_ON_FILE(403, false, RESTART),
    ACCOUNT_DISABLED(403, false, RESTART),
    // --- the new password support asked for ----------------------------------------------------
    NEW_PASSWORD_MISMATCH(400, false, TRY_AGAIN),
    NEW_PASSWORD_SAME(400, false, TRY_AGAIN),
    NEW_PASSWORD_TOO_SHORT(400, false, TRY_AGAIN),
    NEW_PASSWORD_TOO_LONG(400, false, TRY_AGAIN),
    NEW_PASSWORD_COMMON(400, false, TRY_AGAIN),
    NEW_PASSWORD_LIKE_USERNAME(400, false, TRY_AGAIN),
    NEW_PASSWORD_NEEDS_RECOVERY(403, false, RESTART);

    private final int status;
    private final boolean countsTowardFallback;
    private final List<NextAction> actions;

    LoginError(int status, boolean countsTowardFallback, NextAction... actions) {
        this.status = status;
        this.countsTowardFallback = countsTowardFallback;
        this.actions = List.of(actions);
    }

    /** Stable code, e.g. {@code no_passkey_on_device}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    public boolean countsTowardFallback() {
        return countsTowardFallback;
    }

    public List<NextAction> actions() {
        return actions;
    }

    public String title(Locale locale) {
        return Messages.text(locale, code() + ".title");
    }

    /** What happened and what to do next, in the person's language. */
    public String message(Locale locale) {
        return Messages.text(locale, code() + ".message");
    }

    public static java.util.Optional<LoginError> byCode(String code) {
        for (LoginError e : values()) {
            if (e.code().equals(code)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
