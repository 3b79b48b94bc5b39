package dev.passgate.login.intelligence;

/**
 * What the login page's script found out about the browser (WebAuthn L3
 * {@code getClientCapabilities()} where present, the older feature tests elsewhere). A page
 * without script reports nothing, which reads as "no WebAuthn": the password path still works.
 */
public record ClientCapabilities(boolean webAuthn, boolean platformAuthenticator, boolean conditionalMediation,
                                 boolean hybridTransport) {

    public static final ClientCapabilities UNKNOWN = new ClientCapabilities(false, false, false, false);

    /** Compact form for storage, e.g. {@code w1p1c0h1}. */
    public String encode() {
        return "w" + bit(webAuthn) + "p" + bit(platformAuthenticator) + "c" + bit(conditionalMediation) + "h" + bit(hybridTransport);
    }

    public static ClientCapabilities decode(String encoded) {
        if (encoded == null || !encoded.matches("w[01]p[01]c[01]h[01]")) {
            return UNKNOWN;
        }
        return new ClientCapabilities(encoded.charAt(1) == '1', encoded.charAt(3) == '1', encoded.charAt(5) == '1',
                encoded.charAt(7) == '1');
    }

    /** From the identifier form's hidden fields ({@code "true"} when the script found the feature). */
    public static ClientCapabilities fromForm(String webAuthn, String platform, String conditional, String hybrid) {
        return new ClientCapabilities("true".equals(webAuthn), "true".equals(platform), "true".equals(conditional),
                "true".equals(hybrid));
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}
