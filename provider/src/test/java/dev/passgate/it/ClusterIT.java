package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;

import dev.passgate.persistence.TestPostgres;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

/**
 * Two provider nodes on one PostgreSQL database, no sticky sessions: every step of a login and
 * every token call alternates between the nodes. Proves that no login, session or token state
 * lives only in one JVM, and that PostgreSQL is chosen by configuration alone.
 *
 * <p>Needs a PostgreSQL server ({@code it.pg.url}, default {@code jdbc:postgresql://localhost:5432/passgate_it},
 * user and password {@code passgate}). Without one the test is skipped with the reason printed,
 * except when {@code CI=true}, where it fails: CI installs and starts PostgreSQL itself.
 */
class ClusterIT {
    static final String PG_URL = TestPostgres.URL;
    static final String PG_USER = TestPostgres.USER;
    static final String PG_PASSWORD = TestPostgres.PASSWORD;

    static PayaraNode a;
    static PayaraNode b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        TestPostgres.freshSchemaOrSkip("ClusterIT");
        int portA = Integer.getInteger("it.nodeA");
        int portB = Integer.getInteger("it.nodeB");
        Map<String, String> config = Map.of(
                "passgate.issuer", "http://localhost:" + portA, // both nodes serve one issuer, as behind a load balancer
                "passgate.db.url", PG_URL,
                "passgate.db.user", PG_USER,
                "passgate.db.password", PG_PASSWORD,
                "passgate.secret", "c2hhcmVkLWNsdXN0ZXItc2VjcmV0LWZvci10aGUtdGVzdHMtb25seQ==",
                "passgate.clients-file", Path.of(System.getProperty("it.war")).getParent()
                        .resolve("test-classes/it-clients.json").toString(),
                "passgate.demo-user", "false",
                "passgate.login.second-factor", "false"); // the full login runs in BrowserIT
        a = PayaraNode.start("node-a", portA, config);
        assertTrue(a.awaitReady(Duration.ofSeconds(150)), () -> "node A did not start:\n" + tail(a));
        b = PayaraNode.start("node-b", portB, config);
        assertTrue(b.awaitReady(Duration.ofSeconds(150)), () -> "node B did not start:\n" + tail(b));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static String tail(PayaraNode node) {
        String log = node.log();
        return log.substring(Math.max(0, log.length() - 4000));
    }

    /** The same path on the other node: what a round-robin load balancer would do. */
    private static String on(PayaraNode node, URI uri) {
        return node.base() + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** The native provider loads from the WAR inside Payara (its own class loader, a temporary copy of the library). */
    @Test
    void signaturesWhenOnLinuxX86ThenMadeByTheNativeProviderInPayara() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64"), "the WAR ships the native library for Linux x86-64");
        for (PayaraNode node : List.of(a, b)) {
            assertTrue(node.log().contains("Token signatures: Amazon"), () -> "not the native provider:\n" + tail(node));
            assertFalse(node.log().contains("the JDK signs with it"), () -> "a key fell back to the JDK:\n" + tail(node));
        }
    }

    @Test
    void codeFlowWhenStepsAlternateBetweenNodesThenCompletes() throws Exception {
        Provider providerA = new Provider(a.base());
        Provider providerB = new Provider(b.base());
        String user = "cluster-" + Long.toHexString(System.nanoTime());
        providerB.createUser(user, user + "@example.com", "a shared password");  // token from node B, too

        Browser browser = new Browser();
        Map<String, String> params = OidcFlowIT.request("web", OidcFlowIT.WEB_CB);
        HttpResponse<String> toLogin = browser.get(a.base() + "/authorize?" + Browser.form(params));     // node A
        assertEquals(303, toLogin.statusCode(), toLogin.body());
        HttpResponse<String> page = browser.get(on(b, Browser.location(toLogin)));                     // node B
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> passwordPage = new Provider(a.base()).passwordPage(browser, page, user);     // node A
        HttpResponse<String> loggedIn = providerB.submitPassword(browser, passwordPage, "a shared password"); // node B
        assertEquals(303, loggedIn.statusCode(), loggedIn.body());
        HttpResponse<String> resumed = browser.get(on(b, Browser.location(loggedIn)));                 // node B
        assertEquals(303, resumed.statusCode(), resumed.body());
        URI back = Browser.location(resumed);
        assertEquals(a.base(), Provider.param(back, "iss"));

        TokenResponse tokens = providerA.exchange(OidcFlowIT.WEB, Provider.param(back, "code"), OidcFlowIT.WEB_CB, null);
        assertTrue(tokens.indicatesSuccess(), () -> tokens.toErrorResponse().getErrorObject().toString());
        OIDCTokenResponse oidc = (OIDCTokenResponse) tokens;
        new IDTokenValidator(new Issuer(a.base()), new ClientID("web"), JWSAlgorithm.RS256,
                URI.create(b.base() + "/jwks").toURL())                                                 // node B's JWKS
                .validate(oidc.getOIDCTokens().getIDToken(), new Nonce(params.get("nonce")));

        Tokens t = oidc.getOIDCTokens();
        assertEquals(200, new UserInfoRequest(providerB.endpoint("/userinfo"), t.getBearerAccessToken())       // node B
                .toHTTPRequest().send().getStatusCode());
        TokenResponse refreshed = providerB.token(OidcFlowIT.WEB, new RefreshTokenGrant(t.getRefreshToken()));  // node B
        assertTrue(refreshed.indicatesSuccess());
        TokenResponse reuse = providerA.token(OidcFlowIT.WEB, new RefreshTokenGrant(t.getRefreshToken()));     // node A
        assertEquals("invalid_grant", reuse.toErrorResponse().getErrorObject().getCode(),
                "reuse detection sees the rotation made on the other node");

        HttpResponse<String> silent = browser.get(b.base() + "/authorize?"                                   // node B
                + Browser.form(OidcFlowIT.request("web", OidcFlowIT.WEB_CB, "prompt", "none")));
        assertEquals(303, silent.statusCode());
        assertTrue(Provider.param(Browser.location(silent), "code") != null, "the session made on A is live on B");
    }

    /**
     * Support asked for a new password, and the second factor is off: a sign-in with the doubted password alone
     * stops at NEW_PASSWORD and is sent to recovery; a forged form sets nothing (whoever else knows that password
     * must not choose the next one and lock the owner out).
     */
    @Test
    void newPasswordWhenTheSignInProvedOnlyTheDoubtedPasswordThenRecoveryNotTheForm() throws Exception {
        Provider provider = new Provider(a.base());
        String user = "asked-" + Long.toHexString(System.nanoTime());
        String id = provider.createUser(user, user + "@example.com", "a doubted password");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
             java.sql.PreparedStatement s = c.prepareStatement("UPDATE users SET password_change_required = TRUE WHERE id = ?")) {
            s.setString(1, id); // what the console's "Ask for a new password" writes (ConsoleIT clicks it)
            assertEquals(1, s.executeUpdate());
        }
        Browser attacker = new Browser();
        HttpResponse<String> toLogin = attacker.get(a.base() + "/authorize?" + Browser.form(OidcFlowIT.request("web", OidcFlowIT.WEB_CB)));
        HttpResponse<String> page = attacker.get(on(b, Browser.location(toLogin)));
        HttpResponse<String> passwordPage = provider.passwordPage(attacker, page, user);
        HttpResponse<String> asked = provider.submitPassword(attacker, passwordPage, "a doubted password");
        for (int hops = 0; hops < 3 && asked.statusCode() == 303; hops++) {
            asked = attacker.follow(asked);
        }
        String body = asked.body();
        assertTrue(body.contains("id=\"recover-instead\"") && !body.contains("id=\"new-password-form\""),
                "recovery, not the form: " + body);
        HttpResponse<String> forged = attacker.post(b.base() + "/login/new-password", Map.of( // the form it was not shown
                "interaction", Browser.hidden(passwordPage.body(), "interaction"), "csrf", Browser.hidden(passwordPage.body(), "csrf"),
                "password", "attacker chosen words", "repeat", "attacker chosen words"));
        assertEquals(403, forged.statusCode(), forged.body());
        assertTrue(forged.body().contains("data-code=\"new_password_needs_recovery\"") && forged.body().contains("Nothing was changed"),
                forged.body());
        HttpResponse<String> recover = attacker.get(a.base() + "/recover?identifier=" + user);
        assertEquals(200, recover.statusCode(), "the page's way forward leads to recovery");

        Browser again = new Browser(); // the password is unchanged: the same sign-in stops at the same place
        HttpResponse<String> next = again.get(on(b, Browser.location(again.get(a.base() + "/authorize?"
                + Browser.form(OidcFlowIT.request("web", OidcFlowIT.WEB_CB))))));
        HttpResponse<String> stillAsked = provider.submitPassword(again, provider.passwordPage(again, next, user), "a doubted password");
        for (int hops = 0; hops < 3 && stillAsked.statusCode() == 303; hops++) {
            stillAsked = again.follow(stillAsked);
        }
        assertTrue(stillAsked.body().contains("id=\"recover-instead\""), "the old password still signs in only this far");

        // The same in Chromium: the page's one way forward is its link, and it leads to recovery for this account.
        org.junit.jupiter.api.Assumptions.assumeTrue(Chromium.available() || "true".equals(System.getenv("CI")),
                "Chromium not installed");
        try (Chromium chromium = Chromium.start()) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, null);
            chromium.driver.get(a.base() + "/authorize?" + Browser.form(OidcFlowIT.request("web", OidcFlowIT.WEB_CB)));
            steps.type(org.openqa.selenium.By.id("identifier"), user);
            steps.click("Use password instead");
            steps.type(org.openqa.selenium.By.id("password"), "a doubted password");
            steps.click("Sign in");
            steps.waitForHeading("Choose a new password");
            assertTrue(chromium.driver.findElements(org.openqa.selenium.By.id("new-password-form")).isEmpty(), "no form to fill");
            chromium.driver.findElement(org.openqa.selenium.By.id("recover-instead")).click();
            steps.waitForHeading("Can't sign in?");
            assertEquals(user, chromium.driver.findElement(org.openqa.selenium.By.id("identifier")).getAttribute("value"),
                    "recovery for this account, ready to send its code");
        }
    }
}
