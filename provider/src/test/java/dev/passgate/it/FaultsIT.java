package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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

import dev.passgate.persistence.TestPostgres;

/**
 * Issue 9: the cluster behind a real load balancer, and what happens when its parts fail. Two
 * Payara Micro nodes on one PostgreSQL behind Debian's nginx terminating TLS, round-robin, no sticky
 * sessions. A real Chromium signs in by passkey and by password and code while a node is killed
 * ({@code kill -9}) between two steps: the login completes on the other node. PostgreSQL is stopped
 * mid-login: the pages say "briefly unavailable" (503) and the token endpoint
 * {@code temporarily_unavailable}, then the same login goes on once it is back, and nothing is
 * half-written. The SMTP server goes down: the code page says so and the SMS channel gets the person in.
 *
 * <p>Needs nginx, Chromium, and a local PostgreSQL cluster this user may stop and start
 * ({@code pg_ctlcluster}, as root in CI). Skipped with the reason when absent, failed when {@code CI=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    static final String PASSWORD = "faults test password";
    static final String PROXY_ADDRESS = "127.0.0.3";

    static PayaraNode a;
    static PayaraNode b;
    static Map<String, String> config;
    static Nginx nginx;
    static GreenMail mail;
    static HttpServer apps;
    static final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    static String issuer;
    static String callback;
    static HttpClient https;
    static List<String> cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = postgresCluster();
        if (!Nginx.available() || !Chromium.available() || cluster.isEmpty()) {
            String reason = "nginx/openssl, Chromium, or a PostgreSQL cluster this user can restart (pg_ctlcluster as root) missing";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ": CI runs as root and installs them (see .ci/run)");
            }
            System.out.println("SKIPPED FaultsIT: " + reason);
            Assumptions.abort(reason);
        }
        TestPostgres.freshSchemaOrSkip("FaultsIT");
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/faults");
        Files.createDirectories(dir);
        int proxyPort = Integer.getInteger("it.faultsProxy");
        issuer = "https://localhost:" + proxyPort;
        mail = new GreenMail(new ServerSetup(Integer.getInteger("it.faultsSmtp"), "localhost", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        apps = HttpServer.create(new InetSocketAddress("localhost", Integer.getInteger("it.faultsSms")), 0);
        apps.createContext("/sms", exchange -> {
            texts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        callback = ClientApp.callback(apps);
        apps.start();
        Path clients = ClientApp.clientsFile(dir, callback);
        config = Map.ofEntries(
                Map.entry("passgate.mode", "dev"), // dev: the SMS gateway here speaks plain http
                Map.entry("passgate.issuer", issuer),
                Map.entry("passgate.secret", "ZmF1bHRzLXRlc3Qtc2VjcmV0LW5vdC1mb3ItcHJvZHVjdGlvbi11c2U="),
                Map.entry("passgate.proxy.trusted", PROXY_ADDRESS + "/32"),
                Map.entry("passgate.clients-file", clients.toString()),
                Map.entry("passgate.db.url", TestPostgres.URL),
                Map.entry("passgate.db.user", TestPostgres.USER),
                Map.entry("passgate.db.password", TestPostgres.PASSWORD),
                Map.entry("passgate.demo-user", "false"),
                Map.entry("passgate.mail.smtp.host", "localhost"),
                Map.entry("passgate.mail.smtp.port", System.getProperty("it.faultsSmtp")),
                Map.entry("passgate.mail.smtp.starttls", "false"),
                Map.entry("passgate.sms.webhook-url", "http://localhost:" + System.getProperty("it.faultsSms") + "/sms"),
                Map.entry("passgate.sms.webhook-secret", "faults-sms-secret"),
                Map.entry("passgate.webauthn.timeout", "15"));
        a = PayaraNode.start("faults-a", Integer.getInteger("it.faultsNodeA"), config);
        assertTrue(a.awaitReady(Duration.ofSeconds(150)), a::log);
        b = PayaraNode.start("faults-b", Integer.getInteger("it.faultsNodeB"), config);
        assertTrue(b.awaitReady(Duration.ofSeconds(150)), b::log);
        nginx = Nginx.balancer(dir.resolve("nginx"), proxyPort, List.of(a.port, b.port), PROXY_ADDRESS);
        https = HttpClient.newBuilder().sslContext(nginx.trust()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null && !cluster.isEmpty()) {
            pg("start"); // whatever a failed test left: the next tests need it
        }
        if (nginx != null) {
            nginx.close();
        }
        for (PayaraNode n : new PayaraNode[] {a, b}) {
            if (n != null) {
                n.close();
            }
        }
        if (mail != null) {
            mail.stop();
        }
        if (apps != null) {
            apps.stop(0);
        }
    }

    /** {@code [version, name]} of this machine's PostgreSQL cluster, when this user may stop and start it. */
    private static List<String> postgresCluster() {
        try {
            Process p = new ProcessBuilder("pg_lsclusters", "--no-header").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            boolean root = "root".equals(System.getProperty("user.name"));
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty() || !root) {
                return List.of();
            }
            String[] f = out.lines().findFirst().orElseThrow().trim().split("\\s+");
            return List.of(f[0], f[1]);
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    private static void pg(String action) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("pg_ctlcluster", cluster.get(0), cluster.get(1), action));
        if (action.equals("stop")) {
            command.addAll(List.of("-m", "fast"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pg_ctlcluster " + action + " hung");
        if (action.equals("start")) {
            for (int i = 0; i < 60; i++) {
                try (Connection c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD)) {
                    return;
                } catch (java.sql.SQLException notYet) {
                    Thread.sleep(500);
                }
            }
            fail("PostgreSQL did not come back: " + out);
        }
    }

    private static Map<String, String> authorizeParams() {
        return new HashMap<>(Map.of("client_id", "web", "redirect_uri", callback, "response_type", "code", "scope", "openid",
                "state", "st", "nonce", UUID.randomUUID().toString()));
    }

    private static String newUser(String prefix, String phone) throws Exception {
        String user = prefix + "-" + Long.toHexString(System.nanoTime());
        Provider node = new Provider(a.isAlive() ? a.base() : b.base()); // provisioned at a node, as an internal system would
        var body = jakarta.json.Json.createObjectBuilder()
                .add("schemas", jakarta.json.Json.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:User"))
                .add("userName", user)
                .add("emails", jakarta.json.Json.createArrayBuilder().add(jakarta.json.Json.createObjectBuilder()
                        .add("value", user + "@example.com").add("primary", true)))
                .add("password", PASSWORD);
        if (phone != null) {
            body.add("phoneNumbers", jakarta.json.Json.createArrayBuilder().add(jakarta.json.Json.createObjectBuilder()
                    .add("value", phone).add("type", "mobile")));
        }
        HttpResponse<String> r = node.scim("POST", "/scim/v2/Users", body.build().toString(), node.serviceToken("scim"));
        assertEquals(201, r.statusCode(), r.body());
        return user;
    }

    /** The node nginx sent the last {@code method path} to. */
    private static PayaraNode servedBy(String method, String path) throws IOException {
        String upstream = nginx.lastUpstream(method, path);
        return upstream.endsWith(":" + a.port) ? a : b;
    }

    private static PayaraNode other(PayaraNode n) {
        return n == a ? b : a;
    }

    /** The killed node comes back, as an orchestrator would restart it; it joins with nothing to catch up. */
    private static void restart(PayaraNode killed) throws Exception {
        PayaraNode fresh = PayaraNode.start(killed == a ? "faults-a" : "faults-b", killed.port, config);
        assertTrue(fresh.awaitReady(Duration.ofSeconds(150)), fresh::log);
        if (killed == a) {
            a = fresh;
        } else {
            b = fresh;
        }
    }

    /** Through the balancer: identifier, password, emailed code, then the passkey the offer makes. */
    private static void enrol(Chromium chromium, BrowserSteps steps, String user) throws Exception {
        steps.enrol(issuer + "/authorize?" + Browser.form(authorizeParams()), user, PASSWORD, callback);
    }

    @Test
    @Order(1)
    void passkeyLoginWhenTheNodeThatShowedTheIdentifierPageIsKilledThenTheOtherFinishesIt() throws Exception {
        String user = newUser("kill-passkey", null);
        try (Chromium chromium = Chromium.start(true, "--ignore-certificate-errors")) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                enrol(chromium, steps, user); // password and code, then a passkey, every step wherever nginx sent it

                var saved = chromium.authenticator.getCredentials();
                chromium.authenticator.removeAllCredentials(); // autofill must not finish the login before the kill
                Map<String, String> again = authorizeParams();
                again.put("prompt", "login");
                chromium.driver.get(issuer + "/authorize?" + Browser.form(again));
                steps.type(By.id("identifier"), user);
                PayaraNode victim = servedBy("GET", "/login");
                victim.kill();
                saved.forEach(chromium.authenticator::addCredential);
                steps.click("Continue");
                steps.waitFor("back at the client by passkey", () -> chromium.driver.getCurrentUrl().startsWith(callback + "?code="));
                assertTrue(chromium.authenticator.getCredentials().get(0).getSignCount() >= 1, "the passkey signed in");
                assertTrue(other(victim).port == Integer.parseInt(nginx.lastUpstream("POST", "/login/passkey/verify")
                        .replaceAll(".*:", "")), "the survivor verified the assertion");
                System.out.println("FaultsIT: node on port " + victim.port + " killed after the identifier page; "
                        + "passkey login finished on port " + other(victim).port);
                restart(victim);
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("FaultsIT-kill-passkey");
                throw e;
            }
        }
    }

    @Test
    @Order(2)
    void passwordAndCodeWhenTheNodeThatSentTheCodeIsKilledThenTheCodeWorksOnTheOther() throws Exception {
        String user = newUser("kill-code", null);
        try (Chromium chromium = Chromium.start(true, "--ignore-certificate-errors")) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                chromium.driver.get(issuer + "/authorize?" + Browser.form(authorizeParams()));
                steps.type(By.id("identifier"), user);
                steps.click("Continue");
                steps.type(By.id("password"), PASSWORD);
                steps.click("Sign in");
                // The code page has arrived (so nginx has logged who answered) before the node goes.
                steps.waitFor("the code page", () -> !chromium.driver.findElements(By.id("code")).isEmpty());
                String code = steps.emailCode(user + "@example.com");
                PayaraNode victim = servedBy("POST", "/login/password");
                victim.kill();
                steps.type(By.id("code"), code);
                steps.click("Verify");
                steps.waitForHeading("Create a passkey");
                steps.click("I'll do it later");
                steps.waitFor("back at the client", () -> chromium.driver.getCurrentUrl().startsWith(callback + "?code="));
                String redeemed = Provider.param(URI.create(chromium.driver.getCurrentUrl()), "code");
                var tokens = new Provider(other(victim).base()).exchange(OidcFlowIT.WEB, redeemed, callback, null);
                assertTrue(tokens.indicatesSuccess(), "the code made after the kill is redeemed");
                System.out.println("FaultsIT: node on port " + victim.port + " killed after sending the code; "
                        + "the login finished on port " + other(victim).port);
                restart(victim);
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("FaultsIT-kill-code");
                throw e;
            }
        }
    }

    @Test
    @Order(3)
    void postgresStoppedMidLoginThenBrieflyUnavailableThenTheSameLoginGoesOnAndNothingIsHalfWritten() throws Exception {
        String user = newUser("pg", null);
        Browser browser = new Browser(https);
        HttpResponse<String> toLogin = browser.get(issuer + "/authorize?" + Browser.form(authorizeParams()));
        assertEquals(303, toLogin.statusCode(), toLogin.body());
        HttpResponse<String> identify = browser.follow(toLogin);
        assertEquals(200, identify.statusCode());

        java.sql.Timestamp outageBegan = java.sql.Timestamp.from(java.time.Instant.now());
        pg("stop");
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> page = browser.get(issuer + "/authorize?" + Browser.form(authorizeParams()));
            assertEquals(503, page.statusCode(), page.body());
            assertTrue(page.body().contains("Briefly unavailable") && page.body().contains("try again"), page.body());
            assertEquals("5", page.headers().firstValue("Retry-After").orElse(""));
            assertTrue(!page.body().contains("Exception") && !page.body().contains("at dev.passgate"), "no stack trace");

            HttpResponse<String> token = https.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            "provisioning:provisioning-secret-0123456789".getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=scim")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, token.statusCode(), token.body());
            assertEquals("temporarily_unavailable", Provider.json(token.body()).getString("error"));

            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(a.base()
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 12 && ready.statusCode() == 200; i++) { // readiness is cached for 5 s
                Thread.sleep(500);
                ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(a.base() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertEquals(503, ready.statusCode(), "the load balancer is told: " + ready.body());
        } finally {
            pg("start");
        }
        System.out.printf("FaultsIT: PostgreSQL down for %.1f s: pages 503 'Briefly unavailable', /token 503 "
                + "temporarily_unavailable, /health/ready 503%n", (System.nanoTime() - t0) / 1e9);

        // The login begun before the outage goes on where it was.
        HttpResponse<String> passwordPage = new Provider(issuer).passwordPage(browser, identify, user);
        assertEquals(200, passwordPage.statusCode(), passwordPage.body());
        HttpResponse<String> codePage = new Provider(issuer).submitPassword(browser, passwordPage, PASSWORD);
        if (codePage.statusCode() == 303) {
            codePage = browser.follow(codePage);
        }
        String code = new BrowserSteps(() -> null, mail).emailCode(user + "@example.com");
        HttpResponse<String> r = browser.post(issuer + "/login/code/verify", Map.of(
                "interaction", Browser.hidden(codePage.body(), "interaction"), "csrf", Browser.hidden(codePage.body(), "csrf"),
                "code", code));
        for (int hops = 0; hops < 6 && r.statusCode() == 303 && !Browser.location(r).toString().startsWith(callback); hops++) {
            r = browser.follow(r);
            if (r.statusCode() == 200 && r.body().contains("Create a passkey")) { // no WebAuthn here: later
                r = browser.post(issuer + "/login/offer/skip", Map.of("interaction", Browser.hidden(r.body(), "interaction"),
                        "csrf", Browser.hidden(r.body(), "csrf")));
            }
        }
        assertTrue(r.statusCode() == 303 && Browser.location(r).toString().startsWith(callback), r.statusCode() + " " + r.body());

        try (Connection c = DriverManager.getConnection(TestPostgres.URL, TestPostgres.USER, TestPostgres.PASSWORD);
             Statement s = c.createStatement();
             java.sql.PreparedStatement since = c.prepareStatement("SELECT count(*) FROM grants g WHERE g.user_id IS NOT NULL"
                     + " AND g.created_at >= ? AND NOT EXISTS (SELECT 1 FROM authorization_codes c WHERE c.grant_id = g.id)")) {
            // Since the outage began (older grants' codes expire and are purged, as they should).
            since.setTimestamp(1, outageBegan);
            try (ResultSet rs = since.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no grant without its code");
            }
            try (java.sql.PreparedStatement made = c.prepareStatement("SELECT count(*) FROM grants g JOIN authorization_codes a"
                    + " ON a.grant_id = g.id WHERE g.created_at >= ?")) {
                made.setTimestamp(1, outageBegan);
                try (ResultSet rs = made.executeQuery()) {
                    rs.next();
                    assertTrue(rs.getLong(1) >= 1, "the login finished after the outage made its grant and code");
                }
            }
            assertEquals(0, count(s, "SELECT count(*) FROM passkeys p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id)"),
                    "no passkey without its account");
            assertEquals(0, count(s, "SELECT count(*) FROM authorization_codes c WHERE NOT EXISTS"
                    + " (SELECT 1 FROM grants g WHERE g.id = c.grant_id)"), "no code without its grant");
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Order(4)
    void smtpDownWhenTheCodeCannotBeMailedThenThePageSaysSoAndTheTextMessageGetsThePersonIn() throws Exception {
        String user = newUser("smtp", "+41446681800");
        mail.stop();
        try (Chromium chromium = Chromium.start(true, "--ignore-certificate-errors")) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                chromium.authenticator.removeAllCredentials();
                chromium.driver.get(issuer + "/authorize?" + Browser.form(authorizeParams()));
                steps.type(By.id("identifier"), user);
                steps.click("Continue");
                steps.type(By.id("password"), PASSWORD);
                steps.click("Sign in");
                steps.click("Send code by email");
                var alert = steps.waitForAlert();
                assertEquals("delivery_failed", alert.getAttribute("data-code"), alert.getText());
                assertTrue(alert.getText().contains("could not be delivered"), alert.getText());
                steps.click("Send code by SMS");
                String text = texts.poll(20, TimeUnit.SECONDS);
                assertTrue(text != null, "the gateway got the text message");
                steps.type(By.id("code"), BrowserSteps.sixDigits(text));
                steps.click("Verify");
                steps.waitForHeading("Create a passkey");
                steps.click("I'll do it later");
                steps.waitFor("back at the client", () -> chromium.driver.getCurrentUrl().startsWith(callback + "?code="));
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("FaultsIT-smtp");
                throw e;
            }
        }
    }
}
