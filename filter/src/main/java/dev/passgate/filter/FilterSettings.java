package dev.passgate.filter;

import static dev.passgate.filter.FilterParameter.*;

import jakarta.servlet.FilterConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The filter's configuration, read once at {@code init} and immutable afterwards. Parameter
 * names, defaults and the lookup order are documented on {@link FilterParameter}.
 *
 * <p>Every check fails with an {@link InvalidSettingException} naming the parameter, so a
 * misconfigured application refuses to start instead of failing on the first sign-in.
 *
 * @param issuer                the provider's issuer URL
 * @param clientId              the registered client_id
 * @param clientSecret          the client secret; {@code null} for a public client
 * @param publicClient          no secret: token requests carry client_id and the PKCE verifier only
 * @param callbackPath          redirect_uri path within the application
 * @param scopes                requested scopes, {@code openid} first
 * @param publicPaths           paths open without sign-in (see {@link FilterParameter#PUBLIC_PATHS})
 * @param apiPaths              paths answered 401 instead of a redirect
 * @param rolesClaim            ID token claim holding the roles
 * @param logoutPath            sign-out path within the application
 * @param postLogoutRedirect    where the provider returns after sign-out; {@code null}: the app root
 * @param backchannelLogoutPath back-channel logout path within the application
 * @param clockSkew             tolerated clock difference
 * @param jwksRefresh           signing-key cache lifetime
 * @param httpConnectTimeout    connect timeout for provider calls
 * @param httpReadTimeout       read timeout for provider calls
 * @param refreshAhead          refresh tokens this long before they expire
 */
public record FilterSettings(
        URI issuer,
        String clientId,
        String clientSecret,
        boolean publicClient,
        String callbackPath,
        List<String> scopes,
        List<String> publicPaths,
        List<String> apiPaths,
        String rolesClaim,
        String logoutPath,
        URI postLogoutRedirect,
        String backchannelLogoutPath,
        Duration clockSkew,
        Duration jwksRefresh,
        Duration httpConnectTimeout,
        Duration httpReadTimeout,
        Duration refreshAhead) {

    public FilterSettings {
        checkHttpUrl(ISSUER, issuer, true);
        if (clientId == null || clientId.isBlank()) {
            throw new InvalidSettingException(CLIENT_ID, "is required");
        }
        if (!publicClient && (clientSecret == null || clientSecret.isBlank())) {
            throw new InvalidSettingException(CLIENT_SECRET,
                    "is required unless 'public-client' is true");
        }
        if (publicClient) {
            clientSecret = null;
        }
        checkPath(CALLBACK_PATH, callbackPath);
        checkPath(LOGOUT_PATH, logoutPath);
        checkPath(BACKCHANNEL_LOGOUT_PATH, backchannelLogoutPath);
        if (callbackPath.equals(logoutPath) || callbackPath.equals(backchannelLogoutPath)) {
            throw new InvalidSettingException(CALLBACK_PATH,
                    "must differ from 'logout-path' and 'backchannel-logout-path'");
        }
        if (logoutPath.equals(backchannelLogoutPath)) {
            throw new InvalidSettingException(LOGOUT_PATH, "must differ from 'backchannel-logout-path'");
        }
        scopes = List.copyOf(Objects.requireNonNull(scopes));
        if (!scopes.contains("openid")) {
            // OpenID Connect Core 1.0 §3.1.2.1: without "openid" the request is plain OAuth 2.0.
            throw new InvalidSettingException(SCOPES, "must include 'openid', got " + scopes);
        }
        publicPaths = List.copyOf(Objects.requireNonNull(publicPaths));
        publicPaths.forEach(p -> checkPath(PUBLIC_PATHS, p));
        apiPaths = List.copyOf(Objects.requireNonNull(apiPaths));
        apiPaths.forEach(p -> checkPath(API_PATHS, p));
        if (rolesClaim == null || rolesClaim.isBlank()) {
            throw new InvalidSettingException(ROLES_CLAIM, "must not be empty");
        }
        if (postLogoutRedirect != null) {
            checkHttpUrl(POST_LOGOUT_REDIRECT, postLogoutRedirect, false);
        }
        checkNotNegative(CLOCK_SKEW_SECONDS, clockSkew);
        checkNotNegative(JWKS_REFRESH_SECONDS, jwksRefresh);
        checkTimeout(HTTP_CONNECT_TIMEOUT_MS, httpConnectTimeout);
        checkTimeout(HTTP_READ_TIMEOUT_MS, httpReadTimeout);
        checkNotNegative(REFRESH_AHEAD_SECONDS, refreshAhead);
    }

    /**
     * Reads the settings of a filter declared in {@code web.xml}: system property, then
     * environment variable, then init-param, then default.
     */
    public static FilterSettings fromFilterConfig(FilterConfig config) {
        return parse(layered(config::getInitParameter, System::getProperty, System::getenv));
    }

    /** The lookup order of {@link FilterParameter}, over any three sources. */
    static Function<FilterParameter, String> layered(Function<String, String> initParams,
            Function<String, String> systemProperties, Function<String, String> environment) {
        return p -> firstNonBlank(systemProperties.apply(p.systemProperty()),
                environment.apply(p.environmentVariable()),
                initParams.apply(p.parameterName()));
    }

    /** Builds the settings from raw values; a {@code null} or blank value means "use the default". */
    public static FilterSettings parse(Function<FilterParameter, String> raw) {
        Function<FilterParameter, String> value = p -> {
            String v = firstNonBlank(raw.apply(p));
            return v != null ? v.trim() : p.defaultValue();
        };
        String secret = value.apply(CLIENT_SECRET);
        return new FilterSettings(
                toUri(ISSUER, value.apply(ISSUER)),
                value.apply(CLIENT_ID),
                secret,
                toBoolean(PUBLIC_CLIENT, value.apply(PUBLIC_CLIENT)),
                value.apply(CALLBACK_PATH),
                List.of(value.apply(SCOPES).split("\\s+")),
                toList(value.apply(PUBLIC_PATHS)),
                toList(value.apply(API_PATHS)),
                value.apply(ROLES_CLAIM),
                value.apply(LOGOUT_PATH),
                toUri(POST_LOGOUT_REDIRECT, value.apply(POST_LOGOUT_REDIRECT)),
                value.apply(BACKCHANNEL_LOGOUT_PATH),
                Duration.ofSeconds(toLong(CLOCK_SKEW_SECONDS, value.apply(CLOCK_SKEW_SECONDS))),
                Duration.ofSeconds(toLong(JWKS_REFRESH_SECONDS, value.apply(JWKS_REFRESH_SECONDS))),
                Duration.ofMillis(toLong(HTTP_CONNECT_TIMEOUT_MS, value.apply(HTTP_CONNECT_TIMEOUT_MS))),
                Duration.ofMillis(toLong(HTTP_READ_TIMEOUT_MS, value.apply(HTTP_READ_TIMEOUT_MS))),
                Duration.ofSeconds(toLong(REFRESH_AHEAD_SECONDS, value.apply(REFRESH_AHEAD_SECONDS))));
    }

    /** Keeps the secret out of logs and error pages. */
    @Override
    public String toString() {
        return "FilterSettings[issuer=" + issuer + ", clientId=" + clientId + ", publicClient="
                + publicClient + ", clientSecret=" + (clientSecret == null ? "none" : "***")
                + ", callbackPath=" + callbackPath + ", scopes=" + scopes + ", publicPaths="
                + publicPaths + ", apiPaths=" + apiPaths + ", rolesClaim=" + rolesClaim
                + ", logoutPath=" + logoutPath + ", postLogoutRedirect=" + postLogoutRedirect
                + ", backchannelLogoutPath=" + backchannelLogoutPath + ", clockSkew=" + clockSkew
                + ", jwksRefresh=" + jwksRefresh + ", httpConnectTimeout=" + httpConnectTimeout
                + ", httpReadTimeout=" + httpReadTimeout + ", refreshAhead=" + refreshAhead + "]";
    }

    private static String firstNonBlank(String... values) {
        return Arrays.stream(values).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    private static URI toUri(FilterParameter p, String value) {
        if (value == null) {
            return null;
        }
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(p, "is not a valid URL: '" + value + "'");
        }
    }

    private static boolean toBoolean(FilterParameter p, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(p, "must be true or false, got '" + value + "'");
        };
    }

    private static long toLong(FilterParameter p, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(p, "must be a whole number, got '" + value + "'");
        }
    }

    private static List<String> toList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void checkHttpUrl(FilterParameter p, URI url, boolean issuerRules) {
        if (url == null) {
            throw new InvalidSettingException(p, "is required");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))
                || url.getHost() == null) {
            throw new InvalidSettingException(p, "must be an absolute http(s) URL, got '" + url + "'");
        }
        // OIDC Discovery 1.0 §4.3 / RFC 8414 §2: an issuer has no query and no fragment.
        if (issuerRules && (url.getRawQuery() != null || url.getRawFragment() != null)) {
            throw new InvalidSettingException(p, "must have no query or fragment, got '" + url + "'");
        }
    }

    private static void checkPath(FilterParameter p, String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//")
                || path.chars().anyMatch(c -> c <= ' ' || c == '\\' || c == 0x7f)) {
            throw new InvalidSettingException(p,
                    "must be a path starting with a single '/', got '" + path + "'");
        }
    }

    private static void checkNotNegative(FilterParameter p, Duration d) {
        if (d == null || d.isNegative() || d.toSeconds() > Integer.MAX_VALUE) {
            throw new InvalidSettingException(p, "must be zero or positive, got "
                    + (d == null ? "nothing" : d.toSeconds()));
        }
    }

    private static void checkTimeout(FilterParameter p, Duration d) {
        // Zero means "wait forever" to HttpURLConnection: one slow provider would then hold
        // every request thread of the application.
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidSettingException(p, "must be a positive number of milliseconds, got "
                    + (d == null ? "nothing" : d.toMillis()));
        }
    }
}
