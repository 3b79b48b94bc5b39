package dev.passgate.filter;

import java.util.Locale;

/**
 * Every configuration parameter of the filter, with its default, in one place.
 *
 * <p>Each parameter is read, first match wins, from:
 * <ol>
 *   <li>the system property {@code passgate.filter.<name>} (e.g. {@code passgate.filter.issuer});</li>
 *   <li>the environment variable {@code PASSGATE_FILTER_<NAME>}, upper case with {@code -} as
 *       {@code _} (e.g. {@code PASSGATE_FILTER_CLIENT_SECRET});</li>
 *   <li>the filter's {@code <init-param>} in {@code web.xml};</li>
 *   <li>the default below.</li>
 * </ol>
 * So operators can override the values a WAR ships with, without rebuilding it. A blank value
 * counts as unset.
 */
public enum FilterParameter {

    /** The provider's issuer URL (http or https, no query or fragment). Required. */
    ISSUER("issuer", null),
    /** The client_id registered at the provider. Required. */
    CLIENT_ID("client-id", null),
    /** The client secret, sent with client_secret_basic. Required unless {@link #PUBLIC_CLIENT}. */
    CLIENT_SECRET("client-secret", null),
    /** {@code true}: no client secret; the code exchange is protected by PKCE alone. */
    PUBLIC_CLIENT("public-client", "false"),
    /** Path, within the application, where the provider sends the user back. */
    CALLBACK_PATH("callback-path", "/oidc/callback"),
    /** Space-separated scopes requested; must include {@code openid}. */
    SCOPES("scopes", "openid profile email"),
    /**
     * Comma-separated paths reachable without signing in. An entry ending in {@code /} is a
     * prefix ({@code /static/} covers {@code /static/app.css}), except {@code /} itself, which
     * means the application's root page only; any other entry is an exact path
     * ({@code /index.jsp}).
     */
    PUBLIC_PATHS("public-paths", ""),
    /**
     * Comma-separated paths (same rule as {@link #PUBLIC_PATHS}) that answer 401 instead of
     * redirecting to the sign-in page.
     */
    API_PATHS("api-paths", ""),
    /** ID token claim holding the user's roles: a JSON array of strings or a space-separated string. */
    ROLES_CLAIM("roles-claim", "roles"),
    /** Path, within the application, that signs the user out here and at the provider. */
    LOGOUT_PATH("logout-path", "/logout"),
    /** Absolute URL the provider returns to after sign-out; unset means the application's root URL. */
    POST_LOGOUT_REDIRECT("post-logout-redirect", null),
    /** Path, within the application, of the OIDC Back-Channel Logout endpoint. */
    BACKCHANNEL_LOGOUT_PATH("backchannel-logout-path", "/oidc/backchannel-logout"),
    /** Tolerated clock difference with the provider when checking token times. */
    CLOCK_SKEW_SECONDS("clock-skew-seconds", "60"),
    /** How long the provider's signing keys are cached before being fetched again. */
    JWKS_REFRESH_SECONDS("jwks-refresh-seconds", "300"),
    /** Connect timeout for every call to the provider. */
    HTTP_CONNECT_TIMEOUT_MS("http-connect-timeout-ms", "2000"),
    /** Read timeout for every call to the provider. */
    HTTP_READ_TIMEOUT_MS("http-read-timeout-ms", "5000"),
    /** Tokens are refreshed when they expire within this many seconds. */
    REFRESH_AHEAD_SECONDS("refresh-ahead-seconds", "60");

    private final String parameterName;
    private final String defaultValue;

    FilterParameter(String parameterName, String defaultValue) {
        this.parameterName = parameterName;
        this.defaultValue = defaultValue;
    }

    /** The {@code <init-param>} name, e.g. {@code client-id}. */
    public String parameterName() {
        return parameterName;
    }

    /** The default, or {@code null} when the parameter has none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** e.g. {@code passgate.filter.client-id}. */
    public String systemProperty() {
        return "passgate.filter." + parameterName;
    }

    /** e.g. {@code PASSGATE_FILTER_CLIENT_ID}. */
    public String environmentVariable() {
        return "PASSGATE_FILTER_" + parameterName.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
