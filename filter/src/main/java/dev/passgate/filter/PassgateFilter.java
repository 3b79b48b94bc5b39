package dev.passgate.filter;

import dev.passgate.filter.SessionGuard.Check;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Protects a servlet application with OpenID Connect sign-in (authorization code flow with
 * PKCE). Declare it in {@code web.xml}, mapped to {@code /*}:
 * <pre>{@code
 * <filter>
 *   <filter-name>passgate</filter-name>
 *   <filter-class>dev.passgate.filter.PassgateFilter</filter-class>
 *   <init-param><param-name>issuer</param-name><param-value>https://login.example.com</param-value></init-param>
 *   <init-param><param-name>client-id</param-name><param-value>my-app</param-value></init-param>
 *   <init-param><param-name>client-secret</param-name><param-value>...</param-value></init-param>
 * </filter>
 * <filter-mapping><filter-name>passgate</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 * Parameters and defaults: {@link FilterParameter}. For a signed-in user the application sees
 * {@code getUserPrincipal()} ({@link OidcPrincipal}), {@code getRemoteUser()},
 * {@code isUserInRole()}, {@code getAuthType() == "OIDC"} and the request attribute
 * {@value OidcUser#REQUEST_ATTRIBUTE} ({@link OidcUser}).
 *
 * <p>Needs only the Servlet 6 API and Nimbus: no CDI, nothing server-specific.
 */
public class PassgateFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(PassgateFilter.class.getName());

    private FilterSettings settings;
    private PathRules paths;
    private SessionGuard sessions;
    private LoginRedirect loginRedirect;
    private CallbackHandler callback;
    private LogoutHandler logout;
    private BackChannelLogoutHandler backChannelLogout;

    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            init(FilterSettings.fromFilterConfig(config), Clock.systemUTC());
        } catch (InvalidSettingException e) {
            throw new ServletException(e.getMessage(), e);
        }
        LOG.log(Level.INFO, "Passgate filter ready: {0}", settings);
    }

    /** Wires the parts; no network call here, the provider is contacted on first need. */
    void init(FilterSettings settings, Clock clock) {
        this.settings = settings;
        ProviderMetadataCache providers = new ProviderMetadataCache(settings, clock);
        TokenClient tokenClient = new TokenClient(settings);
        SessionRevocations revocations = new SessionRevocations(settings.clockSkew());
        this.paths = new PathRules(settings);
        this.loginRedirect = new LoginRedirect(settings, providers, clock);
        this.sessions = new SessionGuard(settings, revocations,
                new TokenRefresher(settings, providers, tokenClient, revocations), clock);
        this.callback = new CallbackHandler(settings, providers, tokenClient, loginRedirect, revocations, clock);
        this.logout = new LogoutHandler(settings, providers);
        this.backChannelLogout = new BackChannelLogoutHandler(providers, revocations, clock);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        String path = PathRules.pathWithinApp(request);
        // The filter's own endpoints are never protected: they are how one gets in and out.
        if (path.equals(settings.callbackPath())) {
            callback.handle(request, response);
            return;
        }
        if (path.equals(settings.backchannelLogoutPath())) {
            backChannelLogout.handle(request, response);
            return;
        }
        if (path.equals(settings.logoutPath())) {
            logout.handle(request, response);
            return;
        }
        Check check = sessions.check(request);
        if (check.status() == SessionGuard.Status.ACTIVE) {
            chain.doFilter(new OidcRequest(request, check.user()), response);
        } else if (paths.isPublic(path)) {
            chain.doFilter(request, response);
        } else if (check.status() == SessionGuard.Status.UNAVAILABLE) {
            unavailable(request, response, path);
        } else if (paths.wantsStatusCode(request, path)) {
            ErrorPages.json(response, Problem.SIGN_IN_REQUIRED, null);
        } else {
            startLogin(request, response, path);
        }
    }

    private void startLogin(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        try {
            loginRedirect.start(request, response, ReturnPath.of(request));
        } catch (ProviderUnavailableException e) {
            unavailable(request, response, path);
        }
    }

    private void unavailable(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        if (paths.wantsStatusCode(request, path)) {
            ErrorPages.json(response, Problem.PROVIDER_UNAVAILABLE, null);
        } else {
            ErrorPages.html(response, Problem.PROVIDER_UNAVAILABLE, null, ReturnPath.of(request));
        }
    }
}
