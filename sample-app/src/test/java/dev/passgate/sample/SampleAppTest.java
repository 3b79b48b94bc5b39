package dev.passgate.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passgate.filter.FakeProvider;
import dev.passgate.filter.TestBrowser;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sample app's real web.xml in embedded Tomcat, its issuer overridden by system property
 * (as an operator would) to point at the filter module's fake provider. JSP is not compiled
 * here (no Jasper): the home page is only checked for being public.
 */
class SampleAppTest {

    private static FakeProvider provider;
    private static Tomcat tomcat;
    private static String app;

    private TestBrowser browser;

    @BeforeAll
    static void start() throws Exception {
        provider = new FakeProvider();
        System.setProperty("passgate.filter.issuer", provider.issuer);
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("sample-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("/sample-app", new File("src/main/webapp").getAbsolutePath());
        Wrapper files = Tomcat.addServlet(context, "default", new DefaultServlet());
        files.addMapping("/");
        tomcat.start();
        app = "http://localhost:" + tomcat.getConnector().getLocalPort() + "/sample-app";
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        provider.close();
        System.clearProperty("passgate.filter.issuer");
    }

    @BeforeEach
    void reset() {
        browser = new TestBrowser();
        provider.roles = List.of("user", "admin");
        provider.name = "Ada Lovelace";
    }

    @Test
    void homeAndStaticFilesWhenAnonymousThenPublic() throws Exception {
        assertEquals(200, browser.get(app + "/").statusCode());
        assertEquals(200, browser.get(app + "/index.jsp").statusCode());
        assertEquals(200, browser.get(app + "/static/style.css").statusCode());
    }

    @Test
    void profileWhenAnonymousThenSentToConfiguredProvider() throws Exception {
        HttpResponse<String> response = browser.get(app + "/profile");

        assertEquals(302, response.statusCode());
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(provider.issuer + "/authorize?"), location);
        assertTrue(location.contains("client_id=sample-app"), location);
    }

    @Test
    void profileWhenSignedInThenShowsEscapedUser() throws Exception {
        provider.name = "Ada <script>alert(1)</script>";

        HttpResponse<String> page = browser.follow(browser.get(app + "/profile"));

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Ada &lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
        assertFalse(page.body().contains("<script>"));
        assertTrue(page.body().contains("ada@example.test"));
        assertTrue(page.body().contains("hwk, user"));
        assertTrue(page.body().contains("urn:passgate:acr:passkey"));
        assertTrue(page.body().contains("/sample-app/logout"));
    }

    @Test
    void apiMeWhenAnonymousThen401() throws Exception {
        HttpResponse<String> response = browser.get(app + "/api/me");

        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void apiMeWhenSignedInThenJson() throws Exception {
        browser.follow(browser.get(app + "/profile"));

        HttpResponse<String> response = browser.get(app + "/api/me");

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"email\":\"ada@example.test\""), response.body());
        assertTrue(response.body().contains("\"amr\":[\"hwk\",\"user\"]"), response.body());
    }

    @Test
    void adminWhenRoleMissingThen403WithExplanation() throws Exception {
        provider.roles = List.of("user");

        HttpResponse<String> page = browser.follow(browser.get(app + "/admin"));

        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("needs the <code>admin</code> role"), page.body());
    }

    @Test
    void adminWhenAdminThenShown() throws Exception {
        HttpResponse<String> page = browser.follow(browser.get(app + "/admin"));

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("You have the <code>admin</code> role"));
    }

    @Test
    void logoutWhenSignedInThenBackToProviderWithSampleAppRoot() throws Exception {
        browser.follow(browser.get(app + "/profile"));

        HttpResponse<String> response = browser.get(app + "/logout");

        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(provider.issuer + "/logout?"), location);
        assertTrue(location.contains("post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A"), location);
    }
}
