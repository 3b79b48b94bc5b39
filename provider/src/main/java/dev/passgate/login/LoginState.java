package dev.passgate.login;

/** Where a login transaction stands. The allowed moves between states are listed in {@link LoginFlow#RULES}. */
public enum LoginState {
    /** Asking for an email or username (a passkey may still be picked through autofill). */
    IDENTIFY,
    /** Running, or offering, the passkey ceremony for the identified account. */
    PASSKEY,
    /** The fallback: the account's password. */
    PASSWORD,
    /** The second factor after a password: a one-time code by email or SMS. */
    ONE_TIME_CODE,
    /** Fully verified: offering a new passkey (append) or a replacement for a broken one (autohealing). */
    OFFER_PASSKEY,
    /**
     * Support asked for a new password at this account's next sign-in: the person, fully signed in by whatever
     * method, sets one before the login finishes (arriving at DONE leads here first while the request stands).
     */
    NEW_PASSWORD,
    /** Finished: the result has been handed to the protocol. */
    DONE
}
