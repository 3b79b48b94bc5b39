package dev.passgate.interaction;

import java.util.List;
import java.util.Optional;

/**
 * The authentication context classes Passgate reports in {@code acr} (OIDC Core §2), weakest first.
 * Published in discovery as {@code acr_values_supported}.
 */
public final class Acr {
    /**
     * Account recovery: a code read from the account's verified email or phone, then a new password
     * chosen. Weaker than anything a login reaches, so it meets no request that names a class, and
     * the account pages let it do one thing while fresh: add a passkey (see {@code AccountGate}).
     */
    public static final String RECOVERY = "urn:passgate:acr:recovery";
    /** A password alone. */
    public static final String PASSWORD = "urn:passgate:acr:pwd";
    /** Two factors, at least one not phishing-resistant (password and a one-time code). */
    public static final String MFA = "urn:passgate:acr:mfa";
    /** A passkey: possession and user verification bound to the origin. */
    public static final String PHISHING_RESISTANT = "urn:passgate:acr:phr";

    private static final List<String> ORDER = List.of(RECOVERY, PASSWORD, MFA, PHISHING_RESISTANT);

    private Acr() {
    }

    /** 0 for a value Passgate does not know, then 1 (recovery), 2 (password) to 4 (phishing-resistant). */
    public static int rank(String acr) {
        return ORDER.indexOf(acr) + 1;
    }

    /**
     * The weakest of the requested values Passgate knows ({@code acr_values} lists the acceptable
     * ones, in order of preference): a sign-in at or above it meets the request. Empty when the
     * request names none Passgate knows, which then asks for nothing.
     */
    public static Optional<String> weakestAcceptable(List<String> requested) {
        return requested.stream().filter(v -> rank(v) > 0).min(java.util.Comparator.comparingInt(Acr::rank));
    }

    /** Whether a sign-in that reached {@code reached} meets a request whose weakest acceptable value is {@code wanted}. */
    public static boolean meets(String reached, String wanted) {
        return rank(reached) >= rank(wanted);
    }

    /**
     * The weakest acceptable class an authorization request names, from {@code acr_values} and
     * the {@code acr} entry of the {@code claims} parameter's {@code id_token} member (OIDC Core
     * §3.1.2.1, §5.5.1.1). A {@code claims} value that does not parse asks for nothing here (the
     * authorization endpoint has refused it already).
     */
    public static Optional<String> requested(Optional<String> acrValues, Optional<String> claims) {
        List<String> values = new java.util.ArrayList<>(parse(acrValues));
        claims.ifPresent(json -> {
            try {
                var acr = com.nimbusds.openid.connect.sdk.OIDCClaimsRequest.parse(json).getIDTokenClaimsRequest();
                var entry = acr == null ? null : acr.get("acr");
                if (entry != null && entry.getValue() != null) {
                    values.add(entry.getValue());
                }
                if (entry != null && entry.getValues() != null) {
                    values.addAll(entry.getValues());
                }
            } catch (com.nimbusds.oauth2.sdk.ParseException ignored) {
                // nothing asked
            }
        });
        return weakestAcceptable(values);
    }

    /** The space-separated {@code acr_values} parameter as a list. */
    public static List<String> parse(Optional<String> acrValues) {
        return acrValues.map(v -> List.of(v.trim().split("\\s+"))).orElse(List.of());
    }
}
