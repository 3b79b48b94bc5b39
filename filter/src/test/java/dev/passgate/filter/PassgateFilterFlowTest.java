package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter in a real Servlet 6 container (embedded Tomcat) against {@link FakeProvider}:
 * sign-in, the user as the application sees it, API answers, refresh, logout and
 * back-channel logout, end to end over HTTP.
 */
class PassgateFilterFlowTest {

    private static FakeProvider provider;
    private static Tomcat tomcat;
    private static String app;
    private static String down;

    private TestBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        provider = new FakeProvider();
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("passgate-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        deploy("/app", provider.issuer);
        deploy("/down", "http://127.0.0.1:9");
        tomcat.start();
        int port = tomcat.getConnector().getLocalPort();
        app = "http://127.0.0.1:" + port + "/app";
        down = "http://127.0.0.1:" + port + "/down";
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        provider.close();
    }

    @BeforeEach
    void newBrowser() {
        browser = new TestBrowser();
        provider.accessTokenLifetime = 300;
        provider.refuseRefresh = false;
        provider.authorizeError = null;
    }

    @Test
    void protectedPageWhenAnonymousThenSignedInAndUserVisibleToApp() throws Exception {
        HttpResponse<String> first = browser.get(app + "/profile?tab=1");
        assertEquals(302, first.statusCode());
        assertTrue(first.headers().firstValue("Location").orElseThrow().startsWith(provider.issuer + "/authorize"));
        String sessionBefore = browser.cookie("JSESSIONID");

        HttpResponse<String> page = browser.follow(first);

        assertEquals(200, page.statusCode());
        assertEquals(app + "/profile?tab=1", page.uri().toString());
        assertEquals("user=ada roles=admin,user auth=OIDC email=ada@example.test amr=[hwk, user]", page.body());
        assertNotEquals(sessionBefore, browser.cookie("JSESSIONID"), "session id must change at sign-in");
    }

    @Test
    void protectedPageWhenPostedAnonymouslyThenReturnsAsGetToSamePath() throws Exception {
        HttpResponse<String> post = browser.post(app + "/profile?action=delete", Map.of("confirm", "yes"));
        assertEquals(302, post.statusCode());

        HttpResponse<String> page = browser.follow(post);

        assertEquals(200, page.statusCode());
        assertEquals(app + "/profile", page.uri().toString());
    }

    @Test
    void publicPathsWhenAnonymousThenServedWithoutSignIn() throws Exception {
        assertEquals(200, browser.get(app + "/").statusCode());
        assertEquals(200, browser.get(app + "/static/app.css").statusCode());
        assertEquals(302, browser.get(app + "/elsewhere").statusCode());
    }

    @Test
    void apiWhenAnonymousThen401WithChallenge() throws Exception {
        HttpResponse<String> api = browser.get(app + "/api/me");
        HttpResponse<String> xhr = browser.send(HttpRequest.newBuilder(URI.create(app + "/profile"))
                .header("Accept", "application/json").build());

        assertEquals(401, api.statusCode());
        assertTrue(api.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertTrue(api.body().contains("login_required"));
        assertEquals(401, xhr.statusCode());
    }

    @Test
    void callbackWhenStateForgedThenFreshSignInStarts() throws Exception {
        browser.get(app + "/profile");

        HttpResponse<String> callback = browser.get(app + "/oidc/callback?code=stolen&state=forged");

        assertEquals(302, callback.statusCode());
        assertTrue(callback.headers().firstValue("Location").orElseThrow().startsWith(provider.issuer + "/authorize"));
    }

    @Test
    void callbackWhenNoSessionCookieThenCookiesPage() throws Exception {
        HttpResponse<String> callback = browser.get(app + "/oidc/callback?code=x&state=y");

        assertEquals(400, callback.statusCode());
        assertTrue(callback.body().contains("Sign-in needs cookies"));
    }

    @Test
    void callbackWhenUserCancelsThenCancelledPage() throws Exception {
        provider.authorizeError = "access_denied";

        HttpResponse<String> page = browser.follow(browser.get(app + "/profile"));

        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("Sign-in was cancelled"));
        assertTrue(page.body().contains("href=\"/app/profile\""));
    }

    @Test
    void callbackWhenIssuerParameterWrongThenRejected() throws Exception {
        String authorize = browser.get(app + "/profile").headers().firstValue("Location").orElseThrow();
        String state = authorize.replaceAll(".*[?&]state=([^&]+).*", "$1");

        HttpResponse<String> page = browser.get(app + "/oidc/callback?code=x&state=" + state
                + "&iss=" + URLEncoder.encode("https://evil.example", StandardCharsets.UTF_8));

        assertEquals(502, page.statusCode());
        assertTrue(page.body().contains("Sign-in couldn&#39;t be verified"));
    }

    @Test
    void refreshWhenTokensNearExpiryThenRenewedAndRefusalEndsSession() throws Exception {
        provider.accessTokenLifetime = 30;
        int before = provider.refreshes.get();
        assertEquals(200, browser.follow(browser.get(app + "/profile")).statusCode());
        assertTrue(provider.refreshes.get() > before, "tokens within refresh-ahead are refreshed");

        provider.refuseRefresh = true;
        HttpResponse<String> next = browser.get(app + "/profile");

        assertEquals(302, next.statusCode());
        assertTrue(next.headers().firstValue("Location").orElseThrow().startsWith(provider.issuer + "/authorize"));
    }

    @Test
    void logoutWhenSignedInThenProviderEndSessionWithHint() throws Exception {
        browser.follow(browser.get(app + "/profile"));

        HttpResponse<String> logout = browser.get(app + "/logout");

        String location = logout.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(provider.issuer + "/logout?"), location);
        assertTrue(location.contains("id_token_hint="), location);
        assertTrue(location.contains("post_logout_redirect_uri=" + URLEncoder.encode(app + "/", StandardCharsets.UTF_8)));
        assertTrue(location.contains("state="), location);
        assertEquals(302, browser.get(app + "/profile").statusCode());
    }

    @Test
    void backChannelLogoutWhenValidThenSessionEndedAtNextRequest() throws Exception {
        browser.follow(browser.get(app + "/profile"));
        assertEquals(200, browser.get(app + "/profile").statusCode());

        HttpResponse<String> logout = new TestBrowser().post(app + "/oidc/backchannel-logout",
                Map.of("logout_token", provider.logoutToken()));

        assertEquals(200, logout.statusCode());
        assertEquals("no-store", logout.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(302, browser.get(app + "/profile").statusCode());
    }

    @Test
    void backChannelLogoutWhenTokenInvalidThen400Json() throws Exception {
        HttpResponse<String> logout = browser.post(app + "/oidc/backchannel-logout", Map.of("logout_token", "garbage"));

        assertEquals(400, logout.statusCode());
        assertTrue(logout.body().contains("\"error\":\"invalid_request\""), logout.body());
    }

    @Test
    void signInWhenProviderUnreachableThen503Page() throws Exception {
        HttpResponse<String> page = browser.get(down + "/profile");

        assertEquals(503, page.statusCode());
        assertTrue(page.body().contains("Sign-in is unavailable right now"));
        assertTrue(page.body().contains("try again in a few minutes"));
    }

    private static void deploy(String contextPath, String issuer) {
        Context context = tomcat.addContext(contextPath, null);
        FilterDef filter = new FilterDef();
        filter.setFilterName("passgate");
        filter.setFilterClass(PassgateFilter.class.getName());
        filter.addInitParameter("issuer", issuer);
        filter.addInitParameter("client-id", "sample-app");
        filter.addInitParameter("client-secret", FakeProvider.SECRET);
        filter.addInitParameter("public-paths", "/, /static/");
        filter.addInitParameter("api-paths", "/api/");
        filter.addInitParameter("http-connect-timeout-ms", "500");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("passgate");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        Tomcat.addServlet(context, "whoami", new WhoAmI());
        context.addServletMappingDecoded("/", "whoami");
    }

    /** Writes what the application can see of the user. */
    static final class WhoAmI extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            OidcUser user = (OidcUser) request.getAttribute(OidcUser.REQUEST_ATTRIBUTE);
            response.setContentType("text/plain");
            response.getWriter().print(user == null ? "anonymous"
                    : "user=" + request.getRemoteUser()
                    + " roles=" + (request.isUserInRole("admin") ? "admin," : "") + (request.isUserInRole("user") ? "user" : "")
                    + " auth=" + request.getAuthType() + " email=" + user.email() + " amr=" + user.amr());
        }
    }
}
