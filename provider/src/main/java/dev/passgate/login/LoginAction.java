package dev.passgate.login;

/**
 * Everything a request can ask of a login. {@link LoginFlow#RULES} says in which state each is
 * allowed and where it may lead; {@link #ENTER} is the flow's own: what a state does when the
 * login arrives in it (send the code, decide the offer).
 */
public enum LoginAction {
    /** The identifier form ("Continue", or "Use password instead" on the first page). */
    IDENTIFY(false, true),
    /** "Use password instead" on the passkey page. */
    USE_PASSWORD(false, true),
    /** Issue an assertion challenge (autofill on the identifier page, or the account's passkeys). */
    PASSKEY_OPTIONS(false, true),
    /** Answer to that challenge: spends it first. */
    PASSKEY_VERIFY(true, true),
    /** The browser's ceremony failed with a DOMException. */
    PASSKEY_FAILURE(false, true),
    PASSWORD(false, false),
    /** Send a code by the chosen channel (first time, or the other channel). */
    SEND_CODE(false, false),
    RESEND_CODE(false, false),
    VERIFY_CODE(false, false),
    /** Issue a registration challenge for the offered passkey. */
    REGISTER_OPTIONS(false, true),
    /** Answer to that challenge: spends it first. */
    REGISTER_VERIFY(true, false),
    /** The browser's registration ceremony failed with a DOMException. */
    REGISTER_FAILURE(false, true),
    /** "I'll do it later". */
    SKIP_OFFER(false, true),
    /** The new password support asked for (typed twice). */
    SET_PASSWORD(false, false),
    /** Arriving in a state (the flow runs it, never a request). */
    ENTER(false, false);

    private final boolean spendsChallenge;
    private final boolean databaseOnly;

    LoginAction(boolean spendsChallenge, boolean databaseOnly) {
        this.spendsChallenge = spendsChallenge;
        this.databaseOnly = databaseOnly;
    }

    /**
     * Its step reaches nothing but the database, and no store call in it expects a failure to carry on from: its
     * request may commit once (issue 13). Not a password (Argon2 under a throttle's lock), nor a code (mail or text
     * sent), nor a new passkey (a duplicate is found by its unique key), nor a new password.
     */
    public boolean databaseOnly() {
        return databaseOnly;
    }

    /** The transaction's challenge is cleared and saved before the step runs, so one answer can win. */
    public boolean spendsChallenge() {
        return spendsChallenge;
    }
}
