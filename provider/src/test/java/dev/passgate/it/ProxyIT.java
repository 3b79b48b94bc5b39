package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

/**
 * The deployment most operators run: production mode, the WAR at the context root {@code /auth},
 * behind nginx terminating TLS ({@code https://localhost:<port>/auth} is the issuer; nginx talks
 * plain http to Payara Micro). Every URL must come out https under {@code /auth}, cookies must be
 * {@code __Host-}, HSTS on, and the address throttled must be the browser's, whatever
 * {@code X-Forwarded-For} the browser writes. A real Chromium signs in through it: password,
 * emailed code, a passkey created, then a passkey login.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyIT {
    static final String PASSWORD = "proxy test password";
    /** nginx connects to Payara from this address, the only one trusted; browsers and tests connect from 127.0.0.1. */
    static final String PROXY_ADDRESS = "127.0.0.2";

    static PayaraNode node;
    static Nginx nginx;
    static GreenMail mail;
    static HttpServer app;
    static String issuer;
    static String callback;
    static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        if (!Nginx.available() || !Chromium.available()) {
            String reason = "nginx/openssl or Chromium not installed (" + Nginx.BINARY + ", " + Chromium.BINARY + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ": CI must install nginx, openssl, chromium and chromium-driver (see .ci/run)");
            }
            System.out.println("SKIPPED ProxyIT: " + reason);
            Assumptions.abort(reason);
        }
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/proxy");
        int proxyPort = Integer.getInteger("it.proxyPort");
        int nodePort = Integer.getInteger("it.proxyNode");
        int smtpPort = Integer.getInteger("it.proxySmtp");
        issuer = "https://localhost:" + proxyPort + "/auth";
        mail = new GreenMail(new ServerSetup(smtpPort, "localhost", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        app = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        callback = ClientApp.callback(app);
        app.start();
        Path clients = ClientApp.clientsFile(dir, callback);
        node = PayaraNode.start("proxy", nodePort, "/auth", Map.ofEntries(
                Map.entry("passgate.mode", "production"),
                Map.entry("passgate.issuer", issuer),
                Map.entry("passgate.secret", "cHJveHktdGVzdC1zZWNyZXQtbm90LWZvci1wcm9kdWN0aW9uLXVzZQ=="),
                Map.entry("passgate.proxy.trusted", PROXY_ADDRESS + "/32"),
                Map.entry("passgate.clients-file", clients.toString()),
                // A fresh database each run: the throttle test leaves this address slowed down.
                Map.entry("passgate.db.url", "jdbc:h2:file:" + dir.resolve("data/passgate-" + System.currentTimeMillis())),
                Map.entry("passgate.mail.smtp.host", "localhost"),
                Map.entry("passgate.mail.smtp.port", String.valueOf(smtpPort)),
                Map.entry("passgate.mail.smtp.starttls", "false"),
                Map.entry("passgate.mail.smtp.insecure", "true"),  // GreenMail speaks plain SMTP; said on purpose
                Map.entry("passgate.webauthn.timeout", "15")), List.of());
        assertTrue(node.awaitReady(Duration.ofSeconds(150), "/auth/.well-known/openid-configuration"), node::log);
        nginx = Nginx.tls(dir.resolve("nginx"), proxyPort, nodePort, PROXY_ADDRESS);
        https = HttpClient.newBuilder().sslContext(nginx.trust()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (node != null) {
            node.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (app != null) {
            app.stop(0);
        }
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return https.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> authorizeParams() {
        return Map.of("client_id", "web", "redirect_uri", callback, "response_type", "code", "scope", "openid",
                "state", "st", "nonce", UUID.randomUUID().toString());
    }

    @Test
    @Order(1)
    void plainHttpWhenThroughTheTlsProxyThenHttpsUrlsUnderTheContextRootHostCookiesAndHsts() throws Exception {
        HttpResponse<String> discovery = get(issuer + "/.well-known/openid-configuration");
        assertEquals(200, discovery.statusCode(), discovery.body());
        var metadata = Provider.json(discovery.body());
        assertEquals(issuer, metadata.getString("issuer"));
        assertEquals(issuer + "/token", metadata.getString("token_endpoint"));
        assertEquals("max-age=31536000", discovery.headers().firstValue("Strict-Transport-Security").orElse("none"),
                "HSTS although Payara saw plain http");

        HttpResponse<String> toLogin = get(issuer + "/authorize?" + Browser.form(authorizeParams()));
        assertEquals(303, toLogin.statusCode(), toLogin.body());
        String location = toLogin.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(issuer + "/login?interaction="), location);
        List<String> cookies = toLogin.headers().allValues("Set-Cookie");
        assertTrue(!cookies.isEmpty() && cookies.stream().allMatch(c -> c.startsWith("__Host-passgate_interaction_")
                && c.contains("Secure") && c.contains("Path=/") && !c.toLowerCase().contains("domain=")), cookies.toString());

        String cookie = cookies.get(0).split(";", 2)[0];
        HttpResponse<String> page = get(location, "Cookie", cookie);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("action=\"/auth/login/identify\""), "forms post under the context root");
        String asset = page.body().replaceAll("(?s).*?src=\"(/auth/assets/[^\"]+)\".*", "$1");
        assertTrue(asset.startsWith("/auth/assets/"), asset);
        assertEquals(200, get("https://localhost:" + nginx.port + asset).statusCode(), "scripts load through the proxy");
    }

    /** Payara is asked with a forged Host: the redirect still names the issuer. */
    @Test
    @Order(2)
    void hostHeaderWhenForgedThenRedirectStillFromTheIssuer() throws Exception {
        String response;
        try (Socket s = new Socket("127.0.0.1", node.port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /auth/authorize?" + Browser.form(authorizeParams()) + " HTTP/1.1\r\nHost: evil.example\r\n"
                    + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: http\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        String location = response.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst()
                .orElseThrow(() -> new AssertionError(response)).substring(9).trim();
        assertTrue(location.startsWith(issuer + "/login?interaction="), location);
    }

    @Test
    @Order(3)
    void healthWhenDatabaseMigratedThenLiveAndReady() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        HttpResponse<String> ready = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port
                + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("passgate-database") && ready.body().contains("\"UP\""), ready.body());
        HttpResponse<String> live = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port
                + "/health/live")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, live.statusCode(), live.body());
    }

    /** Through the proxy: identifier, password, emailed code, then the passkey the offer makes. */
    private static void enrol(Chromium chromium, BrowserSteps steps, String user) throws Exception {
        steps.enrol(issuer + "/authorize?" + Browser.form(authorizeParams()), user, PASSWORD, callback);
    }

    @Test
    @Order(4)
    void browserWhenBehindTheProxyAtAuthThenPasswordCodePasskeyThenPasskeyLogin() throws Exception {
        String user = "proxy-" + Long.toHexString(System.nanoTime());
        // Provisioned straight at the node, as an internal system would (Nimbus's client does not know the test CA).
        new Provider("http://localhost:" + node.port + "/auth").createUser(user, user + "@example.com", PASSWORD);
        try (Chromium chromium = Chromium.start(true, "--ignore-certificate-errors")) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                enrol(chromium, steps, user);

                Map<String, String> again = new java.util.HashMap<>(authorizeParams());
                again.put("prompt", "login");
                chromium.driver.get(issuer + "/authorize?" + Browser.form(again));
                // Autofill: the virtual authenticator answers the conditional request at once, nothing typed.
                steps.waitFor("back at the client by passkey", () -> chromium.driver.getCurrentUrl().startsWith(callback + "?code="));
                assertTrue(chromium.authenticator.getCredentials().get(0).getSignCount() >= 1, "the passkey signed in");
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("ProxyIT-browser");
                throw e;
            }
        }
    }

    /**
     * Issue 10 (4): the passkey JSON calls fail the way they do in production, through the real
     * proxy: nginx's own 502 page, then a connection closed without an answer. Each time the page
     * says "Passkey sign-in unavailable" with its two ways forward, and both work.
     */
    @Test
    @Order(5)
    void outageWhenThePasskeyCallsFailAtTheProxyThenUnavailableWithTryAgainAndPassword() throws Exception {
        String user = "outage-" + Long.toHexString(System.nanoTime());
        new Provider("http://localhost:" + node.port + "/auth").createUser(user, user + "@example.com", PASSWORD);
        try (Chromium chromium = Chromium.start(true, "--ignore-certificate-errors")) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                enrol(chromium, steps, user);

                for (String outage : List.of("502", "close")) {
                    var saved = chromium.authenticator.getCredentials();
                    chromium.authenticator.removeAllCredentials(); // autofill must not sign in by itself
                    Map<String, String> again = new java.util.HashMap<>(authorizeParams());
                    again.put("prompt", "login");
                    chromium.driver.get(issuer + "/authorize?" + Browser.form(again));
                    steps.type(By.id("identifier"), user);
                    chromium.driver.executeScript("document.cookie = 'test_outage=" + outage + "; path=/; secure';");
                    saved.forEach(chromium.authenticator::addCredential);
                    steps.click("Continue");
                    var alert = steps.waitForAlert();
                    assertEquals("passkey_unavailable", alert.getAttribute("data-code"), outage + ": " + alert.getText());
                    assertTrue(alert.getText().contains("Passkey sign-in unavailable"), alert.getText());
                    chromium.driver.executeScript("document.cookie = 'test_outage=; path=/; secure; max-age=0';");
                    if (outage.equals("502")) {
                        steps.click("Try again"); // the proxy is back: the ceremony runs
                        steps.waitFor("back at the client by passkey", () -> chromium.driver.getCurrentUrl().startsWith(callback + "?code="));
                    } else {
                        steps.click("Use password instead");
                        steps.waitFor("the password page", () -> !chromium.driver.findElements(By.id("password")).isEmpty());
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("ProxyIT-outage");
                throw e;
            }
        }
    }

    /**
     * Wrong passwords for made-up accounts, each with a different forged {@code X-Forwarded-For}:
     * nginx appends the real peer, the provider trusts only nginx, so every try counts against
     * 127.0.0.1 and the address is slowed down as if there were no header at all.
     */
    @Test
    @Order(6)
    void forgedForwardedForWhenSprayingPasswordsThenTheRealAddressIsThrottled() throws Exception {
        int refusedAt = -1;
        for (int i = 0; i < 30 && refusedAt < 0; i++) {
            String forged = "203.0.113." + (i + 1);
            // Both headers forged: nginx rewrites X-Forwarded-For (appending the real peer) and passes
            // Forwarded through untouched, which is why only the configured one is ever read.
            Browser b = new Browser(https, "X-Forwarded-For", forged, "Forwarded", "for=198.51.100." + (i + 1));
            HttpResponse<String> toLogin = b.get(issuer + "/authorize?" + Browser.form(authorizeParams()));
            HttpResponse<String> page = b.follow(toLogin);
            HttpResponse<String> passwordPage = new Provider(issuer).passwordPage(b, page, "nobody-" + i);
            HttpResponse<String> answer = new Provider(issuer).submitPassword(b, passwordPage, "wrong");
            if (answer.statusCode() == 429) {
                refusedAt = i;
            } else {
                assertEquals(401, answer.statusCode(), answer.body());
            }
        }
        assertEquals(20, refusedAt, "the 21st wrong password from one browser waits, whatever address it claims");
    }

    /** Issue 9: metrics in Prometheus format from the server's MicroProfile Metrics, after what the tests above did. */
    @Test
    @Order(7)
    void metricsWhenLoginsHappenedThenCountedByEventAndTimedByEndpoint() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + node.port + "/metrics?scope=application")).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics.body());
        String body = metrics.body();
        java.util.function.Predicate<String> has = line -> body.lines().anyMatch(l -> l.startsWith(line.split("\\{")[0])
                && java.util.Arrays.stream(line.substring(line.indexOf('{') + 1).split(",")).allMatch(l::contains));
        assertTrue(has.test("passgate_events_total{event=\"password.failure\",outcome=\"wrong_credentials\""), body);
        assertTrue(has.test("passgate_events_total{event=\"login.success\""), body);
        assertTrue(has.test("passgate_events_total{event=\"passkey.registered\""), body);
        assertTrue(has.test("passgate_requests_seconds_count{endpoint=\"LoginResource.password\""), body);
        assertTrue(has.test("passgate_responses_total{endpoint=\"LoginResource.password\",status=\"4xx\""), body);
        assertTrue(has.test("passgate_token_requests_total{grant=\"client_credentials\",result=\"issued\""), body); // the provisioning
        assertTrue(!body.contains("NotAllowedError"), "no label from the browser's words");
        // As the README's nginx does: the server's own endpoints are not reachable through the proxy.
        assertEquals(404, get("https://localhost:" + nginx.port + "/metrics?scope=application").statusCode());
        assertEquals(404, get("https://localhost:" + nginx.port + "/health/ready").statusCode());
    }
}
