package dev.passgate.interaction;

/**
 * The authentication context classes Passgate reports in {@code acr} (OIDC Core §2), weakest first.
 * Published in discovery as {@code acr_values_supported}.
 */
public final class Acr {
    /** A password alone. */
    public static final String PASSWORD = "urn:passgate:acr:pwd";
    /** Two factors, at least one not phishing-resistant (password and a one-time code). */
    public static final String MFA = "urn:passgate:acr:mfa";
    /** A passkey: possession and user verification bound to the origin. */
    public static final String PHISHING_RESISTANT = "urn:passgate:acr:phr";

    private Acr() {
    }
}
