package dev.passgate.login;

/**
 * Everything a request can ask of a login. {@link LoginFlow#RULES} says in which state each is
 * allowed and where it may lead; {@link #ENTER} is the flow's own: what a state does when the
 * login arrives in it (send the code, decide the offer).
 */
public enum LoginAction {
    /** The identifier form ("Continue", or "Use password instead" on the first page). */
    IDENTIFY(false),
    /** "Use password instead" on the passkey page. */
    USE_PASSWORD(false),
    /** Issue an assertion challenge (autofill on the identifier page, or the account's passkeys). */
    PASSKEY_OPTIONS(false),
    /** Answer to that challenge: spends it first. */
    PASSKEY_VERIFY(true),
    /** The browser's ceremony failed with a DOMException. */
    PASSKEY_FAILURE(false),
    PASSWORD(false),
    /** Send a code by the chosen channel (first time, or the other channel). */
    SEND_CODE(false),
    RESEND_CODE(false),
    VERIFY_CODE(false),
    /** Issue a registration challenge for the offered passkey. */
    REGISTER_OPTIONS(false),
    /** Answer to that challenge: spends it first. */
    REGISTER_VERIFY(true),
    /** The browser's registration ceremony failed with a DOMException. */
    REGISTER_FAILURE(false),
    /** "I'll do it later". */
    SKIP_OFFER(false),
    /** The new password support asked for (typed twice). */
    SET_PASSWORD(false),
    /** Arriving in a state (the flow runs it, never a request). */
    ENTER(false);

    private final boolean spendsChallenge;

    LoginAction(boolean spendsChallenge) {
        this.spendsChallenge = spendsChallenge;
    }

    /** The transaction's challenge is cleared and saved before the step runs, so one answer can win. */
    public boolean spendsChallenge() {
        return spendsChallenge;
    }
}
