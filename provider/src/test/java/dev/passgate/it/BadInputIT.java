package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: every endpoint, sent malformed, oversized, duplicated, wrong-type and wrongly encoded
 * parameters and bodies (garbage JSON and CBOR in the WebAuthn answers too), from a fixed seed and
 * a bounded count, as an attacker calling out of order would. Every answer must be a 4xx (or a
 * 2xx/3xx that changes nothing), never a 5xx, never a stack trace. Prints what it tried.
 *
 * <p>Some requests carry what an attacker may really hold (a valid SCIM token, the web client's
 * secret, a real user's id), so the garbage gets past authentication into the parsers. Afterwards
 * the database (PostgreSQL, every table counted) holds exactly what it held before, apart from the
 * audit trail and the throttles, which count refused tries by design; the seeded user is unchanged.
 */
class BadInputIT {
    static final long SEED = 20261201L;
    static final int REQUESTS = 3000;
    /**
     * What a leaked error looks like. Not a bare "SQL": the pages' "Start again" links carry the request's random
     * state and nonce, and a 43-character base64url value holds those three letters often enough to fail a run.
     */
    static final Pattern LEAK = Pattern.compile("Exception|\\tat [a-z]|java\\.lang\\.|dev\\.passgate\\.[a-z]+\\.[A-Z]"
            + "|SQL[A-Z][a-z]|SQLSTATE|SQL state|Caused by");

    static PayaraNode node;
    static String base;
    static String scimToken;
    static String userId;
    /**
     * Tables that record refused tries by design (the trail, the throttles) or that a background job writes whatever
     * the requests (the purge's lease). Every other table must not change.
     */
    static final java.util.Set<String> COUNTING_TABLES = java.util.Set.of("audit_events", "login_throttle", "job_leases");
    static HttpClient http = client();

    /**
     * HTTP/1.1 (no h2c upgrade dance). A server that refuses a request before reading its body
     * leaves the rest on the connection: after such an answer the next requests start afresh.
     */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @BeforeAll
    static void start() throws Exception {
        int port = Integer.getInteger("it.sweepPort");
        dev.passgate.persistence.TestPostgres.freshSchemaOrSkip("BadInputIT");
        node = PayaraNode.start("sweep", port, Map.of(
                "passgate.issuer", "http://localhost:" + port,
                "passgate.clients-file", Path.of(System.getProperty("it.war")).getParent()
                        .resolve("test-classes/it-clients.json").toString(),
                "passgate.db.url", dev.passgate.persistence.TestPostgres.URL,
                "passgate.db.user", dev.passgate.persistence.TestPostgres.USER,
                "passgate.db.password", dev.passgate.persistence.TestPostgres.PASSWORD,
                "passgate.demo-user", "false"));
        assertTrue(node.awaitReady(Duration.ofSeconds(150)), node::log);
        base = node.base();
        Provider provider = new Provider(base);
        userId = provider.createUser("sweep-user", "sweep@example.com", "sweep user password");
        scimToken = provider.serviceToken("scim");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    record Endpoint(String method, String path, String kind) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/authorize", "query"), new Endpoint("POST", "/authorize", "form"),
            new Endpoint("GET", "/authorize/resume", "query"),
            new Endpoint("POST", "/token", "form"), new Endpoint("GET", "/userinfo", "query"), new Endpoint("POST", "/userinfo", "form"),
            new Endpoint("POST", "/revoke", "form"), new Endpoint("POST", "/introspect", "form"),
            new Endpoint("GET", "/logout", "query"), new Endpoint("POST", "/logout", "form"),
            new Endpoint("GET", "/jwks", "query"), new Endpoint("GET", "/.well-known/openid-configuration", "query"),
            new Endpoint("GET", "/login", "query"), new Endpoint("POST", "/login/identify", "form"),
            new Endpoint("POST", "/login/use-password", "form"), new Endpoint("POST", "/login/password", "form"),
            new Endpoint("POST", "/login/code/send", "form"), new Endpoint("POST", "/login/code/resend", "form"),
            new Endpoint("POST", "/login/code/verify", "form"), new Endpoint("POST", "/login/offer/skip", "form"),
            new Endpoint("POST", "/login/new-password", "form"),
            new Endpoint("POST", "/login/passkey/options", "json"), new Endpoint("POST", "/login/passkey/verify", "json"),
            new Endpoint("POST", "/login/passkey/failure", "json"), new Endpoint("POST", "/login/passkey/register/options", "json"),
            new Endpoint("POST", "/login/passkey/register/verify", "json"), new Endpoint("POST", "/login/passkey/register/failure", "json"),
            new Endpoint("GET", "/scim/v2/Users", "query"), new Endpoint("POST", "/scim/v2/Users", "json"),
            new Endpoint("PATCH", "/scim/v2/Users/x", "json"), new Endpoint("PUT", "/scim/v2/Users/x", "json"),
            new Endpoint("DELETE", "/scim/v2/Users/x", "query"), new Endpoint("GET", "/scim/v2/Users/x", "query"),
            new Endpoint("GET", "/assets/login.js", "query"), new Endpoint("GET", "/dev/outbox", "query"),
            // Issue 11: the account pages and "Can't sign in?", reached without a session or recovery of their own.
            new Endpoint("GET", "/account", "query"), new Endpoint("GET", "/account/callback", "query"),
            new Endpoint("GET", "/account/reverify", "query"), new Endpoint("GET", "/account/passkeys/delete", "query"),
            new Endpoint("POST", "/account/passkeys/delete", "form"), new Endpoint("POST", "/account/passkeys/rename", "form"),
            new Endpoint("POST", "/account/passkeys/options", "json"), new Endpoint("POST", "/account/passkeys/verify", "json"),
            new Endpoint("POST", "/account/passkeys/failure", "json"), new Endpoint("POST", "/account/password", "form"),
            new Endpoint("POST", "/account/sessions/end", "form"), new Endpoint("POST", "/account/sessions/end-others", "form"),
            new Endpoint("GET", "/account/data/export", "query"), new Endpoint("POST", "/account/delete", "form"),
            new Endpoint("POST", "/account/contact/start", "form"), new Endpoint("POST", "/account/contact/confirm", "form"),
            new Endpoint("GET", "/recover", "query"), new Endpoint("POST", "/recover", "form"),
            new Endpoint("GET", "/recover/code", "query"), new Endpoint("POST", "/recover/code", "form"),
            new Endpoint("GET", "/recover/password", "query"), new Endpoint("POST", "/recover/password", "form"),
            // Issue 12: the support console and the recovery link support hands over.
            new Endpoint("GET", "/recover/link", "query"), new Endpoint("POST", "/recover/link", "form"),
            new Endpoint("GET", "/admin", "query"), new Endpoint("GET", "/admin/users", "query"),
            new Endpoint("GET", "/admin/user", "query"), new Endpoint("POST", "/admin/user/unlock", "form"),
            new Endpoint("POST", "/admin/user/assign-roles", "form"), new Endpoint("GET", "/admin/audit", "query"),
            new Endpoint("GET", "/admin/audit/export", "query"));

    static final List<String> NAMES = List.of("client_id", "redirect_uri", "response_type", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method", "prompt", "max_age", "ui_locales", "acr_values", "claims", "request",
            "response_mode", "login_hint", "id_token_hint", "grant_type", "code", "code_verifier", "refresh_token", "token",
            "token_type_hint", "client_secret", "client_assertion", "client_assertion_type", "interaction", "csrf", "identifier",
            "password", "mode", "channel", "webauthn", "probe", "post_logout_redirect_uri", "confirm", "filter", "startIndex",
            "count", "access_token", "error", "id", "name", "sid", "repeat", "value", "notice", "added", "then", "q", "reason",
            "role", "from", "to", "type", "user", "client");

    private static String value(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> "";
            case 1 -> "x".repeat(r.nextInt(5000));
            case 2 -> "%zz%" + r.nextInt();
            case 3 -> "\u0000\u0001\u202e";
            case 4 -> "ẞ😀\uFFFF";
            case 5 -> "<script>alert(1)</script>";
            case 6 -> "' OR 1=1 --";
            case 7 -> String.valueOf(r.nextLong());
            case 8 -> "-1";
            case 9 -> "https://evil.example/cb";
            case 10 -> "{\"a\":";
            case 11 -> "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";
            case 12 -> "openid profile email offline_access introspection scim passgate:admin";
            default -> Long.toHexString(r.nextLong());
        };
    }

    /** @param query for a URL: Java's client refuses a broken escape there, so those go in bodies only */
    private String params(Random r, boolean query) {
        StringBuilder out = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            String name = r.nextInt(6) == 0 ? value(r) : NAMES.get(r.nextInt(NAMES.size()));
            String v = value(r);
            boolean raw = r.nextInt(5) == 0; // wrongly encoded on purpose
            out.append(i == 0 ? "" : "&").append(raw ? rawish(name, query) : URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(raw ? rawish(v, query) : URLEncoder.encode(v, StandardCharsets.UTF_8));
            if (r.nextInt(6) == 0) { // duplicated
                out.append('&').append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append("=dup");
            }
        }
        return out.toString();
    }

    /**
     * Wrongly encoded, but still a request line: {@code %} and the reserved characters go out raw
     * (so "%zz" stays a broken escape and "&" or "=" inside a value split it), only what no URI may
     * hold at all is escaped.
     */
    private static String rawish(String s, boolean query) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean illegal = c <= 0x20 || c >= 0x7f || "<>\"{}|\\^`#".indexOf(c) >= 0 || (query && c == '%');
            out.append(illegal ? String.format("%%%02X", c) : String.valueOf((char) c));
        }
        return out.toString();
    }

    private static String json(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "[]";
            case 3 -> "{\"interaction\":" + r.nextInt() + "}";
            case 4 -> "{\"interaction\":\"" + value(r).replace("\"", "") + "\",\"credential\":{\"id\":\"AAAA\",\"rawId\":\"AAAA\","
                    + "\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"" + garbage64(r) + "\",\"authenticatorData\":\""
                    + garbage64(r) + "\",\"signature\":\"" + garbage64(r) + "\",\"attestationObject\":\"" + garbage64(r) + "\"}}}";
            case 5 -> "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":" + (r.nextBoolean() ? "null" : "[1]")
                    + ",\"emails\":\"x\",\"active\":\"maybe\"}";
            case 6 -> "{\"Operations\":[{\"op\":\"explode\",\"path\":\"" + value(r).replace("\"", "") + "\"}]}";
            case 7 -> "\"just a string\"";
            default -> "{\"ceremony\":\"authentication\",\"name\":" + r.nextDouble() + ",\"elapsedMs\":\"soon\"}";
        };
    }

    /** Header values the client library will send: visible ASCII (the server sees the rest only from raw sockets). */
    private static String headerSafe(String v) {
        return v.replaceAll("[^\\x20-\\x7e]", "").trim();
    }

    private static String garbage64(Random r) {
        byte[] b = new byte[r.nextInt(300)];
        r.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void sweepWhenEveryEndpointGetsGarbageThenNeverA5xxNorAStackTraceAndNothingChanges() throws Exception {
        Map<String, Long> before = tableCounts();
        String userBefore = scimUser();
        Random r = new Random(SEED);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            Endpoint e = ENDPOINTS.get(r.nextInt(ENDPOINTS.size()));
            boolean huge = i % 500 == 7; // now and then a 1 MB body
            String body = huge ? "a=" + "x".repeat(1 << 20) : e.kind().equals("json") ? json(r) : params(r, false);
            String query = e.kind().equals("query") ? params(r, true) : "";
            boolean scim = e.path().startsWith("/scim/");
            // A real user's id for PATCH and PUT: their garbage bodies must still change nothing.
            String path = scim && (e.method().equals("PATCH") || e.method().equals("PUT")) && r.nextBoolean()
                    ? e.path().replace("/x", "/" + userId) : e.path();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(30));
            String type = switch (r.nextInt(6)) {
                case 0 -> "text/plain";
                case 1 -> "application/json";
                case 2 -> "multipart/form-data; boundary=x";
                default -> e.kind().equals("json") ? "application/json" : "application/x-www-form-urlencoded";
            };
            if (scim && r.nextBoolean()) {
                b.header("Authorization", "Bearer " + scimToken); // past authentication, into the parser
            } else if (e.path().equals("/token") && r.nextBoolean()) {
                b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "web:web-secret-0123456789".getBytes(StandardCharsets.UTF_8)));
            } else if (r.nextInt(4) == 0) {
                b.header("Authorization", r.nextBoolean() ? "Bearer " + headerSafe(value(r))
                        : "Basic " + garbage64(r));
            }
            if (r.nextInt(5) == 0) {
                b.header("Cookie", "passgate_session=" + Long.toHexString(r.nextLong()) + "; passgate_device=" + garbage64(r));
            }
            if (r.nextInt(6) == 0) {
                b.header("Accept-Language", "de;q=x, *;q=2, " + headerSafe(value(r)));
            }
            if (e.method().equals("GET") || e.method().equals("DELETE")) {
                b.method(e.method(), HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", type).method(e.method(), HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> resp;
            try {
                resp = sendOnce(b.build(), huge);
            } catch (java.io.IOException closed) {
                // The server may close on a 1 MB body without answering; on anything else a reset is a failure.
                byStatus.merge(-1, 1, Integer::sum);
                http = client();
                if (!huge && failures.size() < 15) {
                    failures.add(e.method() + " " + e.path() + " ? " + cut(query) + " body " + cut(body) + " → connection closed: " + closed);
                }
                continue;
            }
            byStatus.merge(resp.statusCode(), 1, Integer::sum);
            if (resp.statusCode() == 431 || resp.statusCode() == 413) {
                http = client(); // refused before the body was read: do not reuse that connection
            }
            if (resp.statusCode() >= 500 || LEAK.matcher(resp.body()).find()) {
                if (failures.size() < 15) {
                    failures.add(e.method() + " " + e.path() + " ? " + cut(query) + " body " + cut(body) + " → " + resp.statusCode()
                            + " " + cut(resp.body()));
                }
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        int fivexx = byStatus.entrySet().stream().filter(x -> x.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
        System.out.printf("BadInputIT: %d requests to %d endpoints in %d ms (seed %d); answers by status %s; 5xx: %d%n",
                REQUESTS, ENDPOINTS.size(), ms, SEED, byStatus, fivexx);
        assertEquals(List.of(), failures, "5xx or a stack trace");
        assertEquals(0, fivexx);

        Map<String, Long> after = tableCounts();
        Map<String, String> changed = new TreeMap<>();
        before.forEach((table, n) -> {
            if (!COUNTING_TABLES.contains(table) && !n.equals(after.get(table))) {
                changed.put(table, n + " → " + after.get(table));
            }
        });
        System.out.printf("BadInputIT: %d tables compared before and after, %s changed (trail and throttles: %s)%n",
                before.size(), changed.isEmpty() ? "none" : changed, COUNTING_TABLES);
        assertEquals(Map.of(), changed, "garbage created or removed rows");
        assertEquals(userBefore, scimUser(), "the seeded user is unchanged");
    }

    /** Rows in every table of the schema. */
    private static Map<String, Long> tableCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(dev.passgate.persistence.TestPostgres.URL,
                dev.passgate.persistence.TestPostgres.USER, dev.passgate.persistence.TestPostgres.PASSWORD);
             java.sql.Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    counts.put(t, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static String scimUser() throws Exception {
        HttpResponse<String> r = new Provider(base).scim("GET", "/scim/v2/Users/" + userId, null, scimToken);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /**
     * The same, inside a real login: a browser that started one (its interaction cookie, the page's
     * CSRF token) sends garbage to every step, in any order, so the steps themselves are reached.
     */
    @Test
    void loginStepsWhenABoundBrowserSendsGarbageInAnyOrderThenNeverA5xx() throws Exception {
        Random r = new Random(SEED + 1);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> steps = List.of("/login/identify", "/login/use-password", "/login/password", "/login/code/send",
                "/login/code/resend", "/login/code/verify", "/login/offer/skip", "/login/new-password", "/login/passkey/options", "/login/passkey/verify",
                "/login/passkey/failure", "/login/passkey/register/options", "/login/passkey/register/verify",
                "/login/passkey/register/failure");
        int requests = 0;
        for (int login = 0; login < 60; login++) {
            Browser browser = new Browser(client());
            HttpResponse<String> toLogin = browser.get(base + "/authorize?" + Browser.form(OidcFlowIT.request("web", OidcFlowIT.WEB_CB)));
            HttpResponse<String> page = browser.follow(toLogin);
            String interaction = Browser.hidden(page.body(), "interaction");
            String csrf = Browser.hidden(page.body(), "csrf");
            for (int i = 0; i < 12; i++) {
                String path = steps.get(r.nextInt(steps.size()));
                HttpResponse<String> resp;
                if (path.startsWith("/login/passkey/")) {
                    String json = r.nextInt(3) == 0 ? json(r) : json(r).replaceFirst("^\\{", "{\"interaction\":\"" + interaction + "\",");
                    resp = browser.postJson(base + path, json, r.nextInt(4) == 0 ? "wrong" : csrf);
                } else {
                    Map<String, String> form = new java.util.LinkedHashMap<>();
                    form.put("interaction", r.nextInt(5) == 0 ? value(r) : interaction);
                    form.put("csrf", r.nextInt(5) == 0 ? value(r) : csrf);
                    for (int k = r.nextInt(4); k > 0; k--) {
                        form.put(NAMES.get(r.nextInt(NAMES.size())), value(r));
                    }
                    if (r.nextBoolean()) {
                        form.put("identifier", r.nextBoolean() ? "nobody-" + r.nextInt(1000) : value(r));
                    }
                    resp = browser.post(base + path, form);
                }
                requests++;
                byStatus.merge(resp.statusCode(), 1, Integer::sum);
                if ((resp.statusCode() >= 500 || LEAK.matcher(resp.body()).find()) && failures.size() < 15) {
                    failures.add(path + " → " + resp.statusCode() + " " + cut(resp.body()));
                }
            }
        }
        int fivexx = byStatus.entrySet().stream().filter(x -> x.getKey() >= 500).mapToInt(Map.Entry::getValue).sum();
        System.out.printf("BadInputIT (bound logins): %d requests in 60 logins (seed %d); answers by status %s; 5xx: %d%n",
                requests, SEED + 1, byStatus, fivexx);
        assertEquals(List.of(), failures, "5xx or a stack trace");
    }

    /**
     * A server may close a kept-alive connection after answering a refused request; the client only
     * finds out when it reuses it ("received no bytes"). That is the transport, not an answer: the
     * request is sent once more on a fresh connection, and only a second failure counts.
     */
    private static HttpResponse<String> sendOnce(HttpRequest request, boolean huge) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException stale) {
            if (huge) {
                throw stale;
            }
            http = client();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String cut(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
