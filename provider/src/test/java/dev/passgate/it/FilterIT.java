package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.passgate.filter.OidcUser;
import dev.passgate.filter.PassgateFilter;

/**
 * The servlet filter against the real provider: the provider and the sample app in one Payara
 * Micro, deployed exactly as the README's run command does (Arquillian's Payara Micro container
 * takes one archive per JVM, so this class starts Payara Micro itself); then the same filter,
 * unchanged, in embedded Tomcat — that is what "drop-in" means.
 */
class FilterIT {
    static PayaraNode node;
    static Provider provider;
    static String app;
    static Tomcat tomcat;
    static String user;
    static String admin;
    static final String PASSWORD = "sample app password";

    @BeforeAll
    static void start() throws Exception {
        int port = Integer.getInteger("it.port");
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/filter");
        // A relying party we did not write (issue 8): Jakarta Security's OpenID Connect mechanism, Payara's implementation.
        Path jakartaRp = Path.of(System.getProperty("it.war")).getParent().resolve("jakarta-rp.war");
        org.jboss.shrinkwrap.api.ShrinkWrap.create(org.jboss.shrinkwrap.api.spec.WebArchive.class, "jakarta-rp.war")
                .addClasses(dev.passgate.it.jakartarp.JakartaRpServlet.class, dev.passgate.it.jakartarp.RpConfig.class)
                .addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                        + " version=\"4.0\" bean-discovery-mode=\"all\"/>"), "beans.xml")
                .as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class).exportTo(jakartaRp.toFile(), true);
        node = PayaraNode.start("filter", port, Map.of(
                "passgate.issuer", "http://localhost:" + port,
                "passgate.clients-file", Path.of(System.getProperty("it.war")).getParent()
                        .resolve("test-classes/it-clients.json").toString(),
                "passgate.data-dir", dir.resolve("data").toString(),
                "passgate.db.url", "jdbc:h2:file:" + dir.resolve("data/passgate"),
                "passgate.demo-user", "false",
                "passgate.login.second-factor", "false",
                "passgate.filter.issuer", "http://localhost:" + port),
                List.of(System.getProperty("it.sampleWar") + ":/sample-app", jakartaRp + ":/jakarta-rp"));
        assertTrue(node.awaitReady(Duration.ofSeconds(150), "/.well-known/openid-configuration", "/sample-app/"), node::log);
        provider = new Provider(node.base());
        app = node.base() + "/sample-app";
        String run = Long.toHexString(System.nanoTime());
        user = "sam-" + run;
        admin = "root-" + run;
        provider.createUser(user, user + "@example.com", PASSWORD);
        String adminId = provider.createUser(admin, admin + "@example.com", PASSWORD);
        HttpResponse<String> roles = provider.scim("PATCH", "/scim/v2/Users/" + adminId, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\",\"path\":\"roles\","
                + "\"value\":[{\"value\":\"admin\"}]}]}", provider.serviceToken("scim"));
        assertEquals(200, roles.statusCode(), roles.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (node != null) {
            node.close();
        }
    }

    /**
     * Issue 11: with the second factor off a password alone signs in, and the account pages then neither add nor
     * delete a passkey (a password alone never binds one, DESIGN.md); the rest of the pages work.
     */
    @Test
    void accountPagesWhenSignedInWithAPasswordAloneThenNoPasskeyChanges() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> identify = browser.follow(browser.follow(browser.get(provider.issuer + "/account")));
        HttpResponse<String> r = provider.submitPassword(browser, provider.passwordPage(browser, identify, user), PASSWORD);
        while (r.statusCode() == 303 && !Browser.location(r).getPath().equals("/account")) {
            r = browser.follow(r);
        }
        HttpResponse<String> page = browser.follow(r);
        assertEquals(200, page.statusCode(), page.body());
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(page.body());
        assertTrue(csrf.find());
        HttpResponse<String> options = browser.postJson(provider.issuer + "/account/passkeys/options", "{}", csrf.group(1));
        assertEquals("needs_mfa", Provider.json(options.body()).getJsonObject("error").getString("code"), options.body());
        assertEquals(URI.create(provider.issuer + "/account?error=needs_mfa"), Browser.location(browser.get(
                provider.issuer + "/account/passkeys/delete?id=AAAA")));
        assertEquals(200, browser.get(provider.issuer + "/account/sessions").statusCode());
    }

    /** From a protected page through the provider's login and back. Returns the final page. */
    static HttpResponse<String> signIn(Browser browser, String startUrl, String username) {
        HttpResponse<String> r = browser.get(startUrl);
        assertTrue(r.statusCode() == 302 || r.statusCode() == 303, () -> "expected a redirect: " + r.statusCode() + r.body());
        URI authorize = Browser.location(r);
        assertEquals(provider.issuer + "/authorize", authorize.toString().split("\\?")[0]);
        assertEquals("S256", Provider.param(authorize, "code_challenge_method"));
        assertNotNull(Provider.param(authorize, "code_challenge"));
        assertNotNull(Provider.param(authorize, "state"));
        assertNotNull(Provider.param(authorize, "nonce"));

        HttpResponse<String> login = browser.follow(browser.get(authorize.toString()));
        HttpResponse<String> posted = provider.submitPassword(browser, provider.passwordPage(browser, login, username), PASSWORD);
        HttpResponse<String> callback = browser.follow(browser.follow(posted));
        HttpResponse<String> page = callback;
        for (int hops = 0; hops < 3 && (page.statusCode() == 302 || page.statusCode() == 303); hops++) {
            page = browser.follow(page);
        }
        return page;
    }

    @Test
    void protectedPageWhenAnonymousThenLoginAtProviderAndBackOnTheOriginalUrl() {
        Browser browser = new Browser();
        HttpResponse<String> page = signIn(browser, app + "/profile?tab=security", user);
        assertEquals(200, page.statusCode(), page.body());
        assertEquals(URI.create(app + "/profile?tab=security"), page.uri(), "back on the page first asked for");
        assertTrue(page.body().contains(user + "@example.com"), page.body());
        assertTrue(page.body().contains("pwd"), "amr shown");
        assertTrue(page.body().contains("urn:passgate:acr:pwd"), "acr shown");

        HttpResponse<String> me = browser.get(app + "/api/me");
        assertEquals(200, me.statusCode());
        assertTrue(me.body().contains(user), me.body());
    }

    @Test
    void apiPathWhenAnonymousThen401NotRedirect() {
        HttpResponse<String> r = new Browser().get(app + "/api/me");
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
        assertTrue(r.headers().firstValue("Location").isEmpty());
    }

    @Test
    void rolePageWhenUserLacksRoleThen403AndAdminAllowed() {
        Browser plain = new Browser();
        signIn(plain, app + "/profile", user);
        assertEquals(403, plain.get(app + "/admin").statusCode());

        Browser root = new Browser();
        HttpResponse<String> page = signIn(root, app + "/admin", admin);
        assertEquals(200, page.statusCode(), page.body());
    }

    @Test
    void logoutWhenRpInitiatedThenProviderSessionEndedAndBackOnHome() {
        Browser browser = new Browser();
        signIn(browser, app + "/profile", user);
        HttpResponse<String> r = browser.get(app + "/logout");
        URI endSession = Browser.location(r);
        assertEquals(provider.issuer + "/logout", endSession.toString().split("\\?")[0]);
        assertNotNull(Provider.param(endSession, "id_token_hint"));
        HttpResponse<String> back = browser.get(endSession.toString());
        assertEquals(303, back.statusCode(), back.body());
        assertTrue(Browser.location(back).toString().startsWith(app + "/"), Browser.location(back)::toString);

        HttpResponse<String> again = browser.get(app + "/profile");
        assertTrue(Browser.location(again).toString().startsWith(provider.issuer + "/authorize"), "signed out locally");
        HttpResponse<String> silent = browser.get(provider.issuer + "/authorize?" + Browser.form(OidcFlowIT.request(
                "sample-app", app + "/oidc/callback", "prompt", "none")));
        assertEquals("login_required", Provider.param(Browser.location(silent), "error"), "signed out at the provider");
    }

    @Test
    void backChannelLogoutWhenProviderSessionEndsThenAppSessionEnds() throws Exception {
        Browser browser = new Browser();
        signIn(browser, app + "/profile", user);
        assertEquals(200, browser.get(app + "/profile").statusCode());

        HttpResponse<String> confirm = browser.get(provider.issuer + "/logout");   // signed out at the provider itself
        HttpResponse<String> done = browser.post(provider.issuer + "/logout", Map.of("confirm", "yes",
                "csrf", Browser.hidden(confirm.body(), "csrf")));
        assertTrue(done.body().contains("You are signed out"));

        HttpResponse<String> after = null;
        for (int i = 0; i < 20; i++) { // delivery is asynchronous
            after = browser.get(app + "/profile");
            if (after.statusCode() != 200) {
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(Browser.location(after).toString().startsWith(provider.issuer + "/authorize"),
                "the sample app's own session ended by back-channel logout");
    }

    @Test
    void callbackWhenStateForgedThenFreshLoginNotAnError() {
        Browser browser = new Browser();
        browser.get(app + "/profile"); // a login is pending in this browser's session
        HttpResponse<String> r = browser.get(app + "/oidc/callback?code=stolen&state=forged&iss="
                + java.net.URLEncoder.encode(provider.issuer, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(r.statusCode() == 302 || r.statusCode() == 303, r.body());
        assertTrue(Browser.location(r).toString().startsWith(provider.issuer + "/authorize"));
    }

    @Test
    void returnUrlWhenOpenRedirectAttemptedThenStaysOnTheApp() {
        for (String attempt : List.of("/profile?next=https://evil.example", "//evil.example/profile",
                "/oidc/callback?return=https://evil.example")) {
            Browser browser = new Browser();
            HttpResponse<String> first = browser.get(app + attempt);
            if (first.statusCode() != 302 && first.statusCode() != 303) {
                continue; // refused outright: nothing to follow
            }
            HttpResponse<String> page = signIn(browser, app + attempt, user);
            assertTrue(page.uri().toString().startsWith(app + "/"), attempt + " ended at " + page.uri());
            assertFalse(page.uri().getHost().contains("evil"), attempt);
        }
    }

    @Test
    void sameFilterWhenInEmbeddedTomcatThenProtectsAServletUnchanged() throws Exception {
        int port = Integer.getInteger("it.receiverPort");
        tomcat = tomcatWithFilter(port, "/legacy", Map.of("client-id", "tomcat-app",
                "client-secret", "tomcat-app-secret-0123456789"));

        HttpResponse<String> page = signIn(new Browser(), "http://localhost:" + port + "/legacy/hello", user);
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("hello " + user + " <" + user + "@example.com> amr=[pwd]", page.body());
    }

    /** Issue 8: an application using Jakarta Security's @OpenIdAuthenticationMechanismDefinition, unchanged, signs in here. */
    @Test
    void jakartaSecurityRelyingPartyWhenUnchangedThenSignsInAndReadsTheClaims() {
        Browser browser = new Browser();
        HttpResponse<String> r = browser.get(node.base() + "/jakarta-rp/hello");
        assertTrue(r.statusCode() == 302 || r.statusCode() == 303, () -> r.statusCode() + " " + r.body());
        URI authorize = Browser.location(r);
        assertEquals(provider.issuer + "/authorize", authorize.toString().split("\\?")[0]);
        HttpResponse<String> login = browser.follow(browser.get(authorize.toString()));
        HttpResponse<String> page = provider.submitPassword(browser, provider.passwordPage(browser, login, user), PASSWORD);
        for (int hops = 0; hops < 6 && (page.statusCode() == 302 || page.statusCode() == 303); hops++) {
            page = browser.follow(page);
        }
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("rp " + user + " " + user + "@example.com", page.body());
    }

    /**
     * Issue 8 (1): the app on two nodes, the back-channel logout reaching node A only (the one
     * registered). Node B learns it at its next refresh: the provider refuses the session's
     * refresh token, and node B signs the user out.
     */
    @Test
    void twoAppNodesWhenBackChannelReachesOnlyNodeAThenNodeBsNextRefreshIsRefusedAndItSignsOut() throws Exception {
        int port = Integer.getInteger("it.nodeB");
        Tomcat nodeB = tomcatWithFilter(port, "/sample-app", Map.of("client-id", "sample-app",
                "client-secret", "sample-app-secret-change-me",
                "refresh-ahead-seconds", "86400")); // every request refreshes: the provider decides at once
        try {
            Browser atA = new Browser();
            signIn(atA, app + "/profile", user);
            Browser atB = new Browser(); // one person, one provider session; each app node keeps its own
            atB.cookies.put("passgate_session", atA.cookies.get("passgate_session"));
            String nodeBPage = "http://localhost:" + port + "/sample-app/hello";
            HttpResponse<String> sso = atB.get(nodeBPage);
            for (int hops = 0; hops < 6 && (sso.statusCode() == 302 || sso.statusCode() == 303); hops++) {
                sso = atB.follow(sso);
            }
            assertEquals(200, sso.statusCode(), "signed in on node B by single sign-on: " + sso.body());
            assertEquals(200, atB.get(nodeBPage).statusCode(), "node B refreshes and stays signed in");

            HttpResponse<String> confirm = atA.get(provider.issuer + "/logout");
            assertTrue(atA.post(provider.issuer + "/logout", Map.of("confirm", "yes",
                    "csrf", Browser.hidden(confirm.body(), "csrf"))).body().contains("You are signed out"));

            HttpResponse<String> afterB = atB.get(nodeBPage);
            assertTrue(afterB.statusCode() == 302 || afterB.statusCode() == 303, "node B: " + afterB.statusCode());
            assertTrue(Browser.location(afterB).toString().startsWith(provider.issuer + "/authorize"),
                    "node B signed the user out when the provider refused the refresh");
        } finally {
            nodeB.stop();
            nodeB.destroy();
        }
    }

    /** Embedded Tomcat with the filter in front of {@link Hello} at {@code context}/hello, started. */
    private static Tomcat tomcatWithFilter(int port, String contextPath, Map<String, String> params) throws Exception {
        Tomcat server = new Tomcat();
        server.setBaseDir(Files.createTempDirectory("passgate-tomcat").toString());
        server.setHostname("localhost");
        server.setPort(port);
        server.getConnector();
        Context context = server.addContext(contextPath, null);
        FilterDef filter = new FilterDef();
        filter.setFilterName("passgate");
        filter.setFilterClass(PassgateFilter.class.getName());
        filter.addInitParameter("issuer", provider.issuer);
        params.forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("passgate");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
        // A real app has a default servlet; without one Tomcat answers 404 before any filter runs.
        Tomcat.addServlet(context, "default", new org.apache.catalina.servlets.DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        Tomcat.addServlet(context, "hello", new Hello());
        context.addServletMappingDecoded("/hello", "hello");
        server.start();
        return server;
    }

    /** A legacy servlet that knows nothing of OIDC: it only reads what the container offers. */
    static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            OidcUser u = (OidcUser) request.getAttribute(OidcUser.REQUEST_ATTRIBUTE);
            response.setContentType("text/plain");
            response.getWriter().print("hello " + request.getRemoteUser() + " <" + u.email() + "> amr=" + u.amr());
        }
    }
}
