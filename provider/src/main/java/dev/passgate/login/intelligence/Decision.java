package dev.passgate.login.intelligence;

/** What to do after the identifier, and why. Every decision is recorded with its reason. */
public record Decision(Kind kind, Reason reason) {

    public enum Kind {
        /** Run the passkey ceremony at once, with allowCredentials for this account. */
        START,
        /** Show "Sign in with a passkey"; do not start it by itself. */
        OFFER,
        /** Go straight to the password. */
        FALLBACK
    }

    public enum Reason {
        NO_PASSKEYS,
        NO_WEBAUTHN,
        FAILED_IN_THIS_LOGIN,
        DEVICE_FAILED_RECENTLY,
        USED_ON_THIS_DEVICE,
        SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
        PLATFORM_AUTHENTICATOR,
        SECURITY_KEY_NEEDS_GESTURE,
        PHONE_NEARBY_POSSIBLE,
        NO_PLATFORM_AUTHENTICATOR,
        /** Every passkey of the account was last used long ago ({@code PasskeyIntelligence.STALE_AFTER}). */
        STALE_PASSKEYS,
        /** Autofill listed this browser's passkeys and the person typed instead; no phone reachable by hybrid. */
        PASSED_OVER_IN_AUTOFILL,
        /** The application asked for a phishing-resistant sign-in (acr_values): only a passkey meets it. */
        PHISHING_RESISTANT_REQUESTED
    }

    public static Decision of(Kind kind, Reason reason) {
        return new Decision(kind, reason);
    }
}
