package dev.passgate.login;

/** The ways forward a login error offers; each is a button on the page. */
public enum NextAction {
    TRY_AGAIN,
    USE_PASSWORD,
    SET_UP_LATER,
    REPLACE_OLDEST_PASSKEY,
    RESTART,
    CHOOSE_OTHER_CHANNEL,
    SEND_NEW_CODE
}
