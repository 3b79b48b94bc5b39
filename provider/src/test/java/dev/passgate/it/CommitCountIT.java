package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.passgate.passkey.TestAuthenticator;

/**
 * Issue 13: what a login and a token cost in database commits (each a log flush on the database), read from
 * the deployed WAR's own counter ({@code passgate_db_commits} on {@code /metrics}, H2 here) around each HTTP
 * request of a full passkey login for a confidential client — authorize, identifier page, identifier, options,
 * verify, resume, token — then a refresh with rotation and a client_credentials grant. Each figure is the
 * least of three runs (a background job's write may land in one), and the build fails above the targets.
 */
class CommitCountIT {
    static final String PASSWORD = "commit count password";
    static final String WEB = "web";
    static final String WEB_SECRET = "web-secret-0123456789";
    static final int PASSKEY_LOGIN_TARGET = 6;
    static final int REFRESH_TARGET = 1;
    static final int CLIENT_CREDENTIALS_TARGET = 1;
    static final Pattern COMMITS = Pattern.compile("(?m)^passgate_db_commits\\{[^}]*\\} ([0-9.E]+)$");

    static PayaraNode node;
    static GreenMail mail;
    static String base;
    static Provider provider;
    static AccountSteps steps;
    static String redirectUri;

    @BeforeAll
    static void start() throws Exception {
        int port = Integer.getInteger("it.commitPort");
        int smtpPort = Integer.getInteger("it.commitSmtp");
        redirectUri = "http://localhost:" + Integer.getInteger("it.receiverPort") + "/cb";
        mail = new GreenMail(new ServerSetup(smtpPort, "localhost", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/commits");
        Files.createDirectories(dir);
        node = PayaraNode.start("commits", port, Map.of(
                "passgate.issuer", "http://localhost:" + port,
                "passgate.clients-file", Path.of(System.getProperty("it.war")).getParent()
                        .resolve("test-classes/it-clients.json").toString(),
                "passgate.db.url", "jdbc:h2:file:" + dir.resolve("data/passgate-" + System.currentTimeMillis()),
                "passgate.demo-user", "false",
                "passgate.mail.smtp.host", "localhost",
                "passgate.mail.smtp.port", String.valueOf(smtpPort),
                "passgate.mail.smtp.starttls", "false"));
        assertTrue(node.awaitReady(Duration.ofSeconds(150)), node::log);
        base = node.base();
        provider = new Provider(base);
        steps = new AccountSteps(base, provider, mail);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void commitsWhenPasskeyLoginRefreshAndClientCredentialsThenWithinTheTargets() throws Exception {
        String user = "c" + Long.toHexString(System.nanoTime());
        provider.createUser(user, user + "@example.com", PASSWORD);
        TestAuthenticator authenticator = new TestAuthenticator();
        steps.addPasskey(steps.signedIn(new Browser(), user, PASSWORD), authenticator);
        passkeyLogin(user, authenticator, null); // warm: first-time paths (keys, caches) are not what a login costs

        Map<String, Long> least = null;
        String refreshToken = null;
        for (int run = 0; run < 3; run++) {
            Map<String, Long> steps = new LinkedHashMap<>();
            refreshToken = passkeyLogin(user, authenticator, steps);
            if (least == null || total(steps) < total(least)) {
                least = steps;
            }
        }
        long refresh = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            String[] next = {null};
            String current = refreshToken;
            refresh = Math.min(refresh, commits(() -> {
                HttpResponse<String> r = client(WEB, WEB_SECRET).post(base + "/token", Map.of("grant_type", "refresh_token",
                        "refresh_token", current));
                assertEquals(200, r.statusCode(), r.body());
                next[0] = Provider.json(r.body()).getString("refresh_token");
            }));
            refreshToken = next[0];
        }
        long clientCredentials = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            clientCredentials = Math.min(clientCredentials, commits(() -> {
                HttpResponse<String> r = client("rs", "rs-secret-0123456789ab").post(base + "/token", Map.of("grant_type", "client_credentials",
                        "scope", "introspection"));
                assertEquals(200, r.statusCode(), r.body());
            }));
        }
        System.out.println("CommitCountIT: passkey login " + total(least) + " commits " + least + " (target ≤ " + PASSKEY_LOGIN_TARGET
                + "); refresh with rotation " + refresh + " (≤ " + REFRESH_TARGET + "); client_credentials " + clientCredentials
                + " (≤ " + CLIENT_CREDENTIALS_TARGET + ")");
        // Issue 12: every token issued, refreshed and revoked is in the audit trail — in the request's own commit.
        HttpResponse<String> revoked = client(WEB, WEB_SECRET).post(base + "/revoke", Map.of("token", refreshToken,
                "token_type_hint", "refresh_token"));
        assertEquals(200, revoked.statusCode());
        assertEquals(200, client(WEB, WEB_SECRET).post(base + "/revoke", Map.of("token", refreshToken)).statusCode(),
                "revoking a dead token again is fine (RFC 7009) and writes nothing");
        SignedIn session = signIn(user, authenticator, null);
        Map<String, String> rotate = Map.of("grant_type", "refresh_token", "refresh_token", session.refreshToken());
        assertEquals(200, client(WEB, WEB_SECRET).post(base + "/token", rotate).statusCode());
        for (int replay = 0; replay < 2; replay++) { // the rotated-out token comes back, twice: the grant ends, one event
            HttpResponse<String> refused = client(WEB, WEB_SECRET).post(base + "/token", rotate);
            assertEquals(400, refused.statusCode());
            assertEquals("invalid_grant", Provider.json(refused.body()).getString("error"));
        }
        HttpResponse<String> logout = session.browser().get(base + "/logout?" + Browser.form(Map.of("id_token_hint", session.idToken(),
                "client_id", WEB)));
        assertTrue(logout.statusCode() == 200 || logout.statusCode() == 303, "RP-initiated logout: " + logout.statusCode());
        Browser auditor = steps.auditor(PASSWORD);
        String mine = auditor.get(base + "/admin/audit/export?user=" + user).body();
        assertEquals(5, count(mine, "\"type\":\"token.issued\""), "five logins' code exchanges: " + mine);
        assertEquals(1, count(mine, "\"type\":\"logout\""), "the logout ended the session: " + mine);
        assertTrue(mine.contains("\"client\":\"web\""), "the token and logout events name their client in the client column");
        for (String secret : new String[] {refreshToken, session.idToken(), session.refreshToken()}) {
            assertFalse(mine.contains(secret), "no token in the trail");
        }
        assertEquals(4, count(mine, "\"type\":\"token.refreshed\""), mine);
        assertEquals(1, count(mine, "\"type\":\"token.reuse_detected\""), "the replay that ended the grant, once: " + mine);
        String reuse = auditor.get(base + "/admin/audit/export?type=token.reuse_detected&user=" + user).body();
        assertTrue(reuse.contains("\"outcome\":\"refresh_token\"") && reuse.contains("client=web") && reuse.contains("\"client\":\"web\""),
                "which kind of token came back, whose grant, which client: " + reuse);
        String all = auditor.get(base + "/admin/audit/export?type=token.issued").body();
        assertTrue(count(all, "\"outcome\":\"client_credentials\"") >= 3 && all.contains("client=rs"), all);
        String revocations = auditor.get(base + "/admin/audit/export?type=token.revoked").body();
        assertEquals(1, count(revocations, "\"outcome\":\"refresh_token\""), "one revocation, one event: " + revocations);
        assertTrue(revocations.contains("client=web") && revocations.contains("\"account\":"), revocations);
        // Another person's ID token as the hint, then a click on "Sign out": the logout is the person's own, no client's.
        String other = "c" + Long.toHexString(System.nanoTime());
        provider.createUser(other, other + "@example.com", PASSWORD);
        TestAuthenticator otherKey = new TestAuthenticator();
        steps.addPasskey(steps.signedIn(new Browser(), other, PASSWORD), otherKey);
        String foreignHint = signIn(other, otherKey, null).idToken();
        SignedIn again = signIn(user, authenticator, null);
        HttpResponse<String> asked = again.browser().get(base + "/logout?" + Browser.form(Map.of("id_token_hint", foreignHint)));
        assertEquals(200, asked.statusCode(), "another person's token only asks: " + asked.body());
        HttpResponse<String> confirmed = again.browser().post(base + "/logout", Map.of("id_token_hint", foreignHint,
                "csrf", Browser.hidden(asked.body(), "csrf"), "confirm", "yes"));
        assertTrue(confirmed.statusCode() == 200 || confirmed.statusCode() == 303, "confirmed: " + confirmed.statusCode());
        String logouts = auditor.get(base + "/admin/audit/export?type=logout&user=" + user).body();
        assertEquals(2, count(logouts, "\"type\":\"logout\""), logouts);
        String last = logouts.lines().filter(l -> l.contains("\"outcome\":\"CONFIRMED\"")).findFirst().orElseThrow(
                () -> new AssertionError("the confirmed logout is recorded as CONFIRMED: " + logouts));
        assertFalse(last.contains("\"client\":"), "no client is named for it: " + last);
        assertTrue(total(least) <= PASSKEY_LOGIN_TARGET, "passkey login: " + least);
        assertTrue(refresh <= REFRESH_TARGET, "refresh: " + refresh);
        assertTrue(clientCredentials <= CLIENT_CREDENTIALS_TARGET, "client_credentials: " + clientCredentials);
    }

    /**
     * One passkey login for the web client over plain HTTP, as a browser's script drives it.
     *
     * @param commits where to put each request's commits (null: not counted)
     * @return the refresh token the login ended with
     */
    private static String passkeyLogin(String user, TestAuthenticator authenticator, Map<String, Long> commits) throws Exception {
        return signIn(user, authenticator, commits).refreshToken();
    }

    /** What a login leaves: the browser (its session cookie) and the tokens. */
    record SignedIn(Browser browser, String refreshToken, String idToken) {
    }

    private static SignedIn signIn(String user, TestAuthenticator authenticator, Map<String, Long> commits) throws Exception {
        Browser browser = new Browser();
        Map<String, String> params = OidcFlowIT.request(WEB, redirectUri);
        HttpResponse<String>[] r = new HttpResponse[1];
        count(commits, "authorize", () -> r[0] = browser.get(base + "/authorize?" + Browser.form(params)));
        URI login = Browser.location(r[0]);
        count(commits, "identifier page", () -> r[0] = browser.get(login.toString()));
        String interaction = Browser.hidden(r[0].body(), "interaction");
        String csrf = Browser.hidden(r[0].body(), "csrf");
        count(commits, "identifier", () -> r[0] = browser.post(base + "/login/identify", Map.of("interaction", interaction,
                "csrf", csrf, "identifier", user, "mode", "continue", "webauthn", "true", "platform", "true", "conditional", "false",
                "hybrid", "true", "probe", "complete")));
        assertTrue(r[0].body().contains("data-mode=\"autostart\"") || r[0].body().contains("data-mode=\"button\""),
                "the passkey page: " + r[0].body());
        String json = "{\"interaction\":\"" + interaction + "\"}";
        count(commits, "options", () -> r[0] = browser.postJson(base + "/login/passkey/options", json, csrf));
        JsonObject options = Provider.json(r[0].body());
        String credential = authenticator.get(options.getJsonObject("publicKey").toString(), base);
        String answer = "{\"interaction\":\"" + interaction + "\",\"credential\":" + credential + "}";
        HttpResponse<String> again;
        if (commits == null) { // the same answer sent twice at once (a double click): the second waits on the first's lock
            java.util.concurrent.Callable<HttpResponse<String>> send = () -> browser.postJson(base + "/login/passkey/verify", answer, csrf);
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var first = two.submit(send);
                var second = two.submit(send);
                r[0] = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
                again = second.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                two.shutdownNow();
            }
        } else {
            count(commits, "verify", () -> r[0] = browser.postJson(base + "/login/passkey/verify", answer, csrf));
            again = browser.postJson(base + "/login/passkey/verify", answer, csrf); // sent again once the first is done
        }
        assertEquals(200, r[0].statusCode(), r[0].body());
        String next = Provider.json(r[0].body()).getString("next", "");
        assertTrue(next.contains("/authorize/resume"), r[0].body());
        // Both lead on to the same place, not to a new login.
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(next, Provider.json(again.body()).getString("next", ""), again.body());
        count(commits, "resume", () -> r[0] = browser.get(next));
        String code = Provider.param(Browser.location(r[0]), "code");
        count(commits, "token", () -> r[0] = client(WEB, WEB_SECRET).post(base + "/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", redirectUri)));
        assertEquals(200, r[0].statusCode(), r[0].body());
        JsonObject tokens = Provider.json(r[0].body());
        return new SignedIn(browser, tokens.getString("refresh_token"), tokens.getString("id_token"));
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** A confidential client calling the token endpoint with HTTP Basic. */
    private static Browser client(String id, String secret) {
        String basic = java.util.Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Browser(HTTP11, "Authorization", "Basic " + basic);
    }

    private static void count(Map<String, Long> into, String step, Runnable request) throws Exception {
        long n = commits(request);
        if (into != null) {
            into.put(step, n);
        }
    }

    private static long commits(Runnable request) throws Exception {
        long before = counter();
        request.run();
        return counter() - before;
    }

    /**
     * One HTTP/1.1 client for the metrics reads and the token calls. A new default client per read asked each time
     * for an h2c upgrade, and Grizzly twice broke the /metrics answer after it (CI: "Frame type(101) exceeds
     * MAX_FRAME_SIZE", then "EOF reached while reading").
     */
    private static final java.net.http.HttpClient HTTP11 = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    private static long counter() throws Exception {
        String metrics = new Browser(HTTP11, "Accept", "text/plain")
                .get(base + "/metrics?scope=application").body();
        Matcher m = COMMITS.matcher(metrics);
        assertTrue(m.find(), metrics);
        return (long) Double.parseDouble(m.group(1));
    }

    private static long total(Map<String, Long> steps) {
        return steps.values().stream().mapToLong(Long::longValue).sum();
    }
}
