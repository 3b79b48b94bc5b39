package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.virtualauthenticator.Credential;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.json.JsonObject;

import dev.passgate.passkey.TestAuthenticator;

/**
 * Issue 11, the account pages ({@code /account}) on the deployed WAR: reached through the normal
 * login as the built-in client {@code passgate-account}; passkeys listed with the name the AAGUID
 * gives, renamed, deleted (after a fresh verification), added here (the same limit and error
 * catalogue as at login); every passkey change mailed to the account holder (GreenMail). Plain HTTP
 * with a software authenticator first, then a real Chromium with a virtual authenticator.
 */
class AccountIT {
    static final String PASSWORD = "account test password";
    static final int MAX_PASSKEYS = 3;
    /** What the virtual authenticator of Chromium calls itself (its AAGUID), named through passgate.passkeys.names-file. */
    static final String CHROMIUM_AAGUID = "01020304-0506-0708-0102-030405060708";
    static final String CHROMIUM_NAME = "Chromium test authenticator";
    static final Duration REVERIFY_AFTER = Duration.ofSeconds(20);

    static PayaraNode node;
    static Provider provider;
    static AccountSteps steps;
    static GreenMail mail;
    static String base;
    Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        int port = Integer.getInteger("it.accountPort");
        int smtpPort = Integer.getInteger("it.accountSmtp");
        mail = new GreenMail(new ServerSetup(smtpPort, "localhost", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/account");
        Files.createDirectories(dir);
        Path names = dir.resolve("names.json");
        Files.writeString(names, "{\"" + CHROMIUM_AAGUID + "\": {\"name\": \"" + CHROMIUM_NAME + "\"}}");
        node = PayaraNode.start("account", port, Map.ofEntries(
                Map.entry("passgate.issuer", "http://localhost:" + port),
                Map.entry("passgate.clients-file", Path.of(System.getProperty("it.war")).getParent()
                        .resolve("test-classes/it-clients.json").toString()),
                Map.entry("passgate.data-dir", dir.resolve("data").toString()),
                Map.entry("passgate.db.url", "jdbc:h2:file:" + dir.resolve("data/passgate")),
                Map.entry("passgate.demo-user", "false"),
                // This machine as a proxy: a test can then speak from any address with X-Forwarded-For.
                Map.entry("passgate.proxy.trusted", "127.0.0.1/32"),
                Map.entry("passgate.mail.smtp.host", "localhost"),
                Map.entry("passgate.mail.smtp.port", String.valueOf(smtpPort)),
                Map.entry("passgate.mail.smtp.starttls", "false"),
                Map.entry("passgate.passkeys.max-per-account", String.valueOf(MAX_PASSKEYS)),
                Map.entry("passgate.passkeys.names-file", names.toString()),
                Map.entry("passgate.account.reverify-after", "PT" + REVERIFY_AFTER.toSeconds() + "S")), List.of());
        assertTrue(node.awaitReady(Duration.ofSeconds(150), "/.well-known/openid-configuration"), node::log);
        provider = new Provider(node.base());
        base = node.base();
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

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    // --- signing in to the account pages ----------------------------------------------------------------

    @Test
    void accountPageWhenSignedOutThenNormalLoginAsBuiltInClientAndBackToThePageAsked() throws Exception {
        String user = newUser();
        Browser browser = new Browser();
        HttpResponse<String> r = browser.get(base + "/account");
        assertEquals(303, r.statusCode());
        URI authorize = Browser.location(r);
        assertEquals(base + "/authorize", authorize.toString().split("\\?")[0]);
        assertEquals("passgate-account", Provider.param(authorize, "client_id"));
        assertEquals(base + "/account/callback", Provider.param(authorize, "redirect_uri"));
        assertEquals("S256", Provider.param(authorize, "code_challenge_method"));
        URI callback = login(browser, browser.follow(r), user);
        HttpResponse<String> back = browser.get(callback.toString());
        assertEquals(303, back.statusCode(), back.body());
        assertEquals(URI.create(base + "/account"), Browser.location(back));
        HttpResponse<String> page = browser.follow(back);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Your passkeys") && page.body().contains("Signed in as " + user), page.body());
        assertTrue(page.body().contains("You have no passkey yet"), page.body());

        // The callback is single use: the code was redeemed and its grant ended. Another browser presenting it
        // (no sign-in cookie of its own) gets a page that says what happened and leads back.
        HttpResponse<String> replay = new Browser().get(callback.toString());
        assertEquals(400, replay.statusCode());
        assertTrue(replay.body().contains("Sign-in did not complete") && replay.body().contains("href=\"" + base + "/account\""),
                replay.body());
        // A deep link survives the login: the page asked for is the page shown.
        Browser other = new Browser();
        HttpResponse<String> deep = other.get(base + "/account/passkeys/delete?id=AAAA");
        URI deepCallback = login(other, other.follow(deep), user);
        assertEquals(URI.create(base + "/account/passkeys/delete?id=AAAA"), Browser.location(other.get(deepCallback.toString())));
    }

    @Test
    void callbackWhenCodeCameFromAnotherBrowsersLoginThenRefused() throws Exception {
        String user = newUser();
        Browser victim = new Browser();
        HttpResponse<String> started = victim.get(base + "/account"); // the victim's sign-in cookie: their state
        Browser attacker = new Browser();
        URI attackersCallback = login(attacker, attacker.follow(attacker.get(base + "/account")), user);
        HttpResponse<String> r = victim.get(attackersCallback.toString());
        assertEquals(400, r.statusCode(), "a login CSRF: the attacker's code must not sign the victim in");
        assertFalse(victim.cookies.containsKey("passgate_session"));
        assertEquals(303, started.statusCode());
    }

    /** The account pages' client is for /authorize only: a code of it, run by anyone, buys no token. */
    @Test
    void builtInClientWhenItsCodeIsTakenToTheTokenEndpointThenRefused() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        com.nimbusds.oauth2.sdk.pkce.CodeVerifier verifier = new com.nimbusds.oauth2.sdk.pkce.CodeVerifier();
        HttpResponse<String> r = browser.get(base + "/authorize?" + Browser.form(Map.of("client_id", "passgate-account",
                "redirect_uri", base + "/account/callback", "response_type", "code", "scope", "openid", "state", "mine",
                "code_challenge", com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
                        com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256")));
        String code = Provider.param(Browser.location(r), "code");
        HttpResponse<String> token = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(base + "/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Browser.form(Map.of("grant_type", "authorization_code",
                        "code", code, "redirect_uri", base + "/account/callback", "client_id", "passgate-account",
                        "code_verifier", verifier.getValue())))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, token.statusCode(), token.body());
        assertEquals("invalid_client", Provider.json(token.body()).getString("error"));
        // Unreadable answers at the callback: a page or a redirect, never a 5xx.
        for (String query : List.of("code=&state=", "code=a&code=b&state=x", "error=access_denied", "", "state=%00&code=%FF")) {
            int status = browser.get(base + "/account/callback?" + query).statusCode();
            assertTrue(status == 303 || status == 400, query + " → " + status);
            status = new Browser().get(base + "/account/callback?" + query).statusCode();
            assertEquals(400, status, query);
        }
    }

    // --- passkeys: add, list, rename, delete ---------------------------------------------------------------

    @Test
    void addPasskeyHereThenListedWithItsProviderNameOriginTeachingAndNotice() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        String added = addPasskey(browser, new TestAuthenticator());
        HttpResponse<String> page = browser.get(base + "/account?added=" + added);
        assertTrue(page.body().contains("Apple Passwords"), "named from the AAGUID list: " + page.body());
        assertTrue(page.body().contains("added here") && page.body().contains("not used yet"), page.body());
        assertTrue(page.body().contains("Apple Passwords\u201d is ready") && page.body().contains("works only on this device"),
                "the teaching note says it is bound to this device: " + page.body());
        assertTrue(page.body().contains("data-accepted-ids=\"" + added + "\""), page.body());
        String notice = mailWithSubject(user, "A passkey was added to your account");
        assertTrue(notice.contains("Apple Passwords"), notice);
    }

    @Test
    void addWhenAtTheLimitThenRefusedWithTheCatalogueMessageAndNoButton() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        for (int i = 0; i < MAX_PASSKEYS; i++) {
            addPasskey(browser, new TestAuthenticator());
        }
        HttpResponse<String> page = browser.get(base + "/account");
        assertTrue(page.body().contains("You have " + MAX_PASSKEYS + " passkeys, the most allowed"), page.body());
        assertFalse(page.body().contains("id=\"add-passkey\""), page.body());
        JsonObject refused = Provider.json(browser.postJson(base + "/account/passkeys/options", "{}", csrf(page)).body());
        assertEquals("limit_reached", refused.getJsonObject("error").getString("code"));
        assertTrue(refused.getJsonObject("error").getString("message").contains("Delete one below"), refused.toString());
    }

    @Test
    void renameWhenValidThenKeptElseRefusedWithTheNameUnchanged() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        String id = addPasskey(browser, new TestAuthenticator());
        String token = csrf(browser.get(base + "/account"));
        assertEquals(URI.create(base + "/account?notice=renamed"), Browser.location(browser.post(base + "/account/passkeys/rename",
                Map.of("csrf", token, "id", id, "name", "  Work laptop  "))));
        for (String bad : List.of("", "   ", "x".repeat(65), "line\nbreak")) {
            assertEquals(URI.create(base + "/account?error=name_invalid"), Browser.location(browser.post(
                    base + "/account/passkeys/rename", Map.of("csrf", token, "id", id, "name", bad))), bad);
        }
        assertEquals(URI.create(base + "/account?error=expired"), Browser.location(browser.post(base + "/account/passkeys/rename",
                Map.of("csrf", "forged", "id", id, "name", "Forged"))));
        HttpResponse<String> page = browser.get(base + "/account?notice=renamed");
        assertTrue(page.body().contains("value=\"Work laptop\"") && page.body().contains("Passkey renamed."), page.body());
        assertFalse(page.body().contains("Forged"), page.body());
    }

    @Test
    void deleteWhenSignInOlderThanReverifyAfterThenVerifyAgainFirstThenDeletedAndTold() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        String keep = addPasskey(browser, new TestAuthenticator());
        String doomed = addPasskey(browser, new TestAuthenticator());
        String token = csrf(browser.get(base + "/account"));
        Thread.sleep(REVERIFY_AFTER.plusSeconds(1).toMillis());

        // Stale: neither the confirmation page nor the form deletes anything; both lead to a new verification.
        HttpResponse<String> stale = browser.post(base + "/account/passkeys/delete", Map.of("csrf", token, "id", doomed));
        URI reverify = Browser.location(stale);
        assertEquals("login", Provider.param(reverify, "prompt"));
        assertEquals(user, Provider.param(reverify, "login_hint"));
        assertTrue(browser.get(base + "/account").body().contains(doomed), "nothing deleted while the sign-in was stale");
        HttpResponse<String> confirm = browser.get(base + "/account/passkeys/delete?id=" + doomed);
        assertEquals(303, confirm.statusCode());
        assertEquals("login", Provider.param(Browser.location(confirm), "prompt"));

        URI callback = login(browser, browser.follow(confirm), user);
        HttpResponse<String> back = browser.get(callback.toString());
        assertEquals(URI.create(base + "/account/passkeys/delete?id=" + doomed), Browser.location(back));
        HttpResponse<String> page = browser.follow(back);
        assertTrue(page.body().contains("Delete \u201cApple Passwords\u201d?") && !page.body().contains("last-passkey"), page.body());
        assertEquals(URI.create(base + "/account?notice=deleted"), Browser.location(browser.post(base + "/account/passkeys/delete",
                Map.of("csrf", Browser.hidden(page.body(), "csrf"), "id", doomed))));
        HttpResponse<String> after = browser.get(base + "/account?notice=deleted");
        assertFalse(after.body().contains(doomed), after.body());
        assertTrue(after.body().contains("data-accepted-ids=\"" + keep + "\""), "the Signal API gets exactly what remains");
        assertTrue(mailWithSubject(user, "A passkey was removed from your account").contains("Apple Passwords"));
        // Deleting it again: it is gone, and the page says so.
        assertEquals(URI.create(base + "/account?error=not_found"), Browser.location(browser.post(base + "/account/passkeys/delete",
                Map.of("csrf", Browser.hidden(page.body(), "csrf"), "id", doomed))));
    }

    @Test
    void deleteLastPasskeyThenThePageSaysHowSignInWorksAfterwards() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        String only = addPasskey(browser, new TestAuthenticator());
        HttpResponse<String> confirm = browser.get(base + "/account/passkeys/delete?id=" + only);
        assertTrue(confirm.body().contains("id=\"last-passkey-note\"") && confirm.body().contains("password and a verification code"),
                confirm.body());
    }

    /** An attacker signed in to their own account, calling the endpoints out of order and on others' passkeys. */
    @Test
    void attackerWhenActingOnAnotherAccountsPasskeyOrOutOfOrderThenNothingChanges() throws Exception {
        String victim = newUser();
        Browser victimBrowser = signedIn(victim);
        String victimsPasskey = addPasskey(victimBrowser, new TestAuthenticator());
        String attacker = newUser();
        Browser browser = signedIn(attacker);
        String token = csrf(browser.get(base + "/account"));

        assertEquals(URI.create(base + "/account?error=not_found"), Browser.location(browser.post(base + "/account/passkeys/delete",
                Map.of("csrf", token, "id", victimsPasskey))));
        assertEquals(URI.create(base + "/account?error=not_found"), Browser.location(browser.post(base + "/account/passkeys/rename",
                Map.of("csrf", token, "id", victimsPasskey, "name", "pwned"))));
        assertEquals(URI.create(base + "/account?error=not_found"), Browser.location(browser.get(
                base + "/account/passkeys/delete?id=" + victimsPasskey)));
        HttpResponse<String> victimsPage = victimBrowser.get(base + "/account");
        assertTrue(victimsPage.body().contains(victimsPasskey) && !victimsPage.body().contains("pwned"));

        // The victim's CSRF token is bound to the victim's session: useless in the attacker's.
        String victimsToken = csrf(victimsPage);
        assertEquals(URI.create(base + "/account?error=expired"), Browser.location(browser.post(base + "/account/passkeys/rename",
                Map.of("csrf", victimsToken, "id", victimsPasskey, "name", "pwned"))));
        // JSON calls without a token, without a session, or a verify without options.
        assertEquals(403, browser.postJson(base + "/account/passkeys/options", "{}", "").statusCode());
        assertEquals(403, new Browser().postJson(base + "/account/passkeys/options", "{}", token).statusCode());
        HttpResponse<String> early = browser.postJson(base + "/account/passkeys/verify", "{\"credential\":{}}", token);
        assertEquals("session_expired", Provider.json(early.body()).getJsonObject("error").getString("code"), early.body());
        assertEquals(403, browser.postJson(base + "/account/passkeys/verify", "not json", token).statusCode());
        // One options, two answers: the second finds the challenge spent.
        TestAuthenticator authenticator = new TestAuthenticator();
        String options = Provider.json(browser.postJson(base + "/account/passkeys/options", "{}", token).body())
                .getJsonObject("publicKey").toString();
        String answer = "{\"credential\":" + authenticator.create(options, base) + "}";
        assertTrue(Provider.json(browser.postJson(base + "/account/passkeys/verify", answer, token).body()).containsKey("next"));
        JsonObject replay = Provider.json(browser.postJson(base + "/account/passkeys/verify", answer, token).body());
        assertEquals("session_expired", replay.getJsonObject("error").getString("code"));
        // The attacker's passkey answer replayed into the victim's session: no ceremony there, refused.
        JsonObject crossed = Provider.json(victimBrowser.postJson(base + "/account/passkeys/verify", answer,
                csrf(victimBrowser.get(base + "/account"))).body());
        assertTrue(crossed.containsKey("error"), crossed.toString());
    }

    // --- password, sessions, activity, data, deletion ---------------------------------------------------

    @Test
    void passwordWhenCommonShortOrMismatchedThenRefusedElseChangedAndEverythingElseEnds() throws Exception {
        String user = newUser();
        Browser here = signedIn(user);
        Browser elsewhere = signedIn(user);
        Tokens app = appTokens(elsewhere);
        String token = csrf(here.get(base + "/account/password"));
        Map<String, String> refusals = Map.of("password", "common", "short", "too_short", "Correct horse 1", "mismatch");
        for (Map.Entry<String, String> r : refusals.entrySet()) {
            String repeat = r.getValue().equals("mismatch") ? "Correct horse 2" : r.getKey();
            assertEquals(URI.create(base + "/account/password?error=" + r.getValue()), Browser.location(here.post(
                    base + "/account/password", Map.of("csrf", token, "password", r.getKey(), "repeat", repeat))), r.getKey());
        }
        assertTrue(here.get(base + "/account/password?error=common").body().contains("one of the most common ones"));
        String fresh = "violet kettle mountain";
        assertEquals(URI.create(base + "/account/password?notice=changed"), Browser.location(here.post(base + "/account/password",
                Map.of("csrf", token, "password", fresh, "repeat", fresh))));

        assertEquals(200, here.get(base + "/account").statusCode(), "this session stays");
        assertEquals(303, elsewhere.get(base + "/account").statusCode(), "the other session ended");
        assertEquals(400, provider.token(OidcFlowIT.WEB, new com.nimbusds.oauth2.sdk.RefreshTokenGrant(app.refresh()))
                .toHTTPResponse().getStatusCode(), "its application's refresh token is dead");
        assertTrue(mailWithSubject(user, "Your password was changed").contains("other sign-ins were ended"));
        // The old password no longer signs in; the new one does.
        Browser next = new Browser();
        HttpResponse<String> identify = next.follow(next.get(base + "/account"));
        HttpResponse<String> wrong = provider.submitPassword(next, provider.passwordPage(next, next.follow(identify), user), PASSWORD);
        assertTrue(wrong.body().contains("data-code=\"") && !wrong.body().contains("name=\"code\""), "refused: " + wrong.body());
        Browser again = new Browser();
        URI callback = login(again, again.follow(again.get(base + "/account")), user, fresh);
        assertEquals(URI.create(base + "/account"), Browser.location(again.get(callback.toString())));
    }

    @Test
    void sessionsListedWithBrowserAndNetworkThenSignOutOneThenEverywhereElse() throws Exception {
        String user = newUser();
        Browser here = signedIn(user, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/130.0");
        Browser second = signedIn(user, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36");
        Browser third = signedIn(user, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36");
        Tokens secondsApp = appTokens(second);
        HttpResponse<String> page = here.get(base + "/account/sessions");
        assertTrue(page.body().contains("Firefox (macOS)") && page.body().contains("Chrome (Windows)"), page.body());
        assertTrue(page.body().contains("from network 127.0.0.0/24"), "the address with its host part cut off: " + page.body());
        assertFalse(page.body().contains("127.0.0.1"), "never the full address");
        List<String> sids = hiddenValues(page.body(), "sid");
        assertEquals(3, sids.size(), page.body());
        String secondSid = sidOf(second);
        String token = csrf(page);

        assertEquals(URI.create(base + "/account/sessions?notice=ended"), Browser.location(here.post(base + "/account/sessions/end",
                Map.of("csrf", token, "sid", secondSid))));
        assertEquals(303, second.get(base + "/account").statusCode(), "signed out");
        assertEquals(400, provider.token(OidcFlowIT.WEB, new com.nimbusds.oauth2.sdk.RefreshTokenGrant(secondsApp.refresh()))
                .toHTTPResponse().getStatusCode(), "the signed-out session's refresh token is dead");
        assertEquals(200, third.get(base + "/account").statusCode(), "the others stay");

        // Someone else's session id: not this account's, nothing ends.
        String stranger = newUser();
        Browser strangers = signedIn(stranger);
        assertEquals(URI.create(base + "/account/sessions?error=not_found"), Browser.location(here.post(base + "/account/sessions/end",
                Map.of("csrf", token, "sid", sidOf(strangers)))));
        assertEquals(200, strangers.get(base + "/account").statusCode());

        assertEquals(URI.create(base + "/account/sessions?notice=ended-others"), Browser.location(here.post(
                base + "/account/sessions/end-others", Map.of("csrf", token))));
        assertEquals(303, third.get(base + "/account").statusCode());
        assertEquals(200, here.get(base + "/account").statusCode());
        assertEquals(1, hiddenValues(here.get(base + "/account/sessions").body(), "sid").size());
        // Signing this browser out from the list: the account pages ask for a sign-in next.
        HttpResponse<String> out = here.post(base + "/account/sessions/end", Map.of("csrf", token, "sid", sidOf(here)));
        assertEquals(URI.create(base + "/account"), Browser.location(out));
        assertEquals(303, here.get(base + "/account").statusCode());
    }

    @Test
    void activityAndExportShowSignInsPasskeysAndSessionsButNoSecret() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        addPasskey(browser, new TestAuthenticator());
        HttpResponse<String> activity = browser.get(base + "/account/activity");
        assertTrue(activity.body().contains("Signed in") && activity.body().contains("with password and code")
                && activity.body().contains("Passkey created"), activity.body());

        HttpResponse<String> export = browser.get(base + "/account/data/export");
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        JsonObject data = Provider.json(export.body());
        assertEquals(user, data.getJsonObject("profile").getString("username"));
        assertEquals(user + "@example.com", data.getJsonObject("profile").getString("email"));
        assertTrue(data.getJsonObject("profile").getBoolean("passwordSet"));
        assertEquals("Apple Passwords", data.getJsonArray("passkeys").getJsonObject(0).getString("name"));
        assertEquals("ACCOUNT", data.getJsonArray("passkeys").getJsonObject(0).getString("createdVia"));
        assertEquals(1, data.getJsonArray("sessions").size());
        assertTrue(data.getJsonArray("recentEvents").stream().anyMatch(e -> e.asJsonObject().getString("type").equals("login.success")));
        assertFalse(export.body().contains("argon2") || export.body().contains("publicKey") || export.body().contains("idHash"),
                export.body());
        assertEquals(303, new Browser().get(base + "/account/data/export").statusCode(), "never without a sign-in");
    }

    @Test
    void deleteAccountWhenUsernameTypedThenGoneEverywhereAndTold() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        addPasskey(browser, new TestAuthenticator());
        Tokens app = appTokens(browser);
        Browser elsewhere = signedIn(user);
        String token = csrf(browser.get(base + "/account/data"));
        assertEquals(URI.create(base + "/account/data?error=confirm"), Browser.location(browser.post(base + "/account/delete",
                Map.of("csrf", token, "confirm", "someone-else"))));
        assertEquals(URI.create(base + "/account/data?error=expired"), Browser.location(browser.post(base + "/account/delete",
                Map.of("csrf", "forged", "confirm", user))));
        HttpResponse<String> gone = browser.post(base + "/account/delete", Map.of("csrf", token, "confirm", user));
        assertEquals(200, gone.statusCode());
        assertTrue(gone.body().contains("Your account was deleted"), gone.body());
        assertEquals(303, browser.get(base + "/account").statusCode());
        assertEquals(303, elsewhere.get(base + "/account").statusCode());
        assertEquals(400, provider.token(OidcFlowIT.WEB, new com.nimbusds.oauth2.sdk.RefreshTokenGrant(app.refresh()))
                .toHTTPResponse().getStatusCode());
        var found = provider.scim("GET", "/scim/v2/Users?filter=" + java.net.URLEncoder.encode("userName eq \"" + user + "\"",
                java.nio.charset.StandardCharsets.UTF_8), null, provider.serviceToken("scim"));
        assertEquals(0, Provider.json(found.body()).getInt("totalResults"), found.body());
        assertTrue(mailWithSubject(user, "Your account was deleted").contains("passkeys, password and sign-ins"));
    }

    @Test
    void emailChangeWhenTheCodeSentToTheNewAddressIsTypedThenChangedAndTheOldAddressTold() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        Browser second = signedIn(user); // another session, for a second change below
        String token = csrf(browser.get(base + "/account/contact"));
        String page = base + "/account/contact";
        assertEquals(URI.create(page + "?error=invalid&channel=EMAIL"), Browser.location(browser.post(page + "/start",
                Map.of("csrf", token, "channel", "EMAIL", "value", "not an address"))));
        assertEquals(URI.create(page + "?error=same&channel=EMAIL"), Browser.location(browser.post(page + "/start",
                Map.of("csrf", token, "channel", "EMAIL", "value", user + "@example.com"))));
        String fresh = "n" + user + "@example.org";
        assertEquals(URI.create(page + "?notice=code_sent&channel=EMAIL"), Browser.location(browser.post(page + "/start",
                Map.of("csrf", token, "channel", "EMAIL", "value", fresh))));
        HttpResponse<String> waiting = browser.get(page);
        assertTrue(waiting.body().contains("id=\"email-code-form\"") && waiting.body().contains(user + "@example.com"),
                "the old address stays until the code comes back: " + waiting.body());
        assertEquals(URI.create(page + "?error=wrong_code&channel=EMAIL"), Browser.location(browser.post(page + "/confirm",
                Map.of("csrf", token, "channel", "EMAIL", "code", "12345x"))));
        String code = emailCodeTo(fresh);
        assertEquals(URI.create(page + "?notice=changed&channel=EMAIL"), Browser.location(browser.post(page + "/confirm",
                Map.of("csrf", token, "channel", "EMAIL", "code", code))));
        HttpResponse<String> changed = browser.get(page);
        assertTrue(changed.body().contains(fresh + " · verified") && !changed.body().contains("email-code-form"), changed.body());
        String told = mailWithSubject(user, "The email address of your account was changed");
        assertTrue(told.contains("@example.org") && !told.contains(fresh), "masked: " + told);
        assertEquals(URI.create(page + "?error=no_code&channel=EMAIL"), Browser.location(browser.post(page + "/confirm",
                Map.of("csrf", token, "channel", "EMAIL", "code", code))), "a code changes once");

        // A second change at once from the same session waits for the resend delay, like any code.
        assertEquals(URI.create(page + "?error=too_soon&channel=EMAIL"), Browser.location(browser.post(page + "/start",
                Map.of("csrf", token, "channel", "EMAIL", "value", "x" + fresh))));
        // Another account's address: the code reaches whoever reads it there; even then the change is refused.
        String other = newUser();
        String token2 = csrf(second.get(page));
        assertEquals(URI.create(page + "?notice=code_sent&channel=EMAIL"), Browser.location(second.post(page + "/start",
                Map.of("csrf", token2, "channel", "EMAIL", "value", other + "@example.com"))));
        assertEquals(URI.create(page + "?error=in_use&channel=EMAIL"), Browser.location(second.post(page + "/confirm",
                Map.of("csrf", token2, "channel", "EMAIL", "code", emailCodeTo(other + "@example.com")))));
    }

    @Test
    void phoneChangeWhenTheCodeSentByTextIsTypedThenSetAndTheEmailTold() throws Exception {
        String user = newUser();
        Browser browser = signedIn(user);
        String token = csrf(browser.get(base + "/account/contact"));
        String page = base + "/account/contact";
        assertEquals(URI.create(page + "?notice=code_sent&channel=SMS"), Browser.location(browser.post(page + "/start",
                Map.of("csrf", token, "channel", "SMS", "value", "+41 44 668 18 00"))));
        // Dev mode without an SMS gateway: the text is in the outbox (answered to this machine only).
        String outbox = new Browser().get(base + "/dev/outbox").body();
        Matcher m = Pattern.compile("\\+41446681800</td><td>[^<]*?([0-9]{6})").matcher(outbox);
        assertTrue(m.find(), outbox);
        assertEquals(URI.create(page + "?notice=changed&channel=SMS"), Browser.location(browser.post(page + "/confirm",
                Map.of("csrf", token, "channel", "SMS", "code", m.group(1)))));
        assertTrue(browser.get(page).body().contains("+41446681800 · verified"));
        String told = mailWithSubject(user, "The phone number of your account was changed");
        assertTrue(told.contains("\u2022\u2022 00") && !told.contains("446681800"), "masked: " + told);
        assertEquals(URI.create(page + "?error=csrf"), Browser.location(browser.post(page + "/start",
                Map.of("csrf", token, "channel", "FAX", "value", "1"))));
    }

    // --- "Can't sign in?" ---------------------------------------------------------------------------------

    @Test
    void recoveryWhenTheCodeIsTypedThenANewPasswordEndsEverythingElseAndTheAccountIsTold() throws Exception {
        String user = newUser();
        Browser elsewhere = signedIn(user);
        addPasskey(elsewhere, new TestAuthenticator());
        Tokens app = appTokens(elsewhere);

        Browser forged = new Browser(); // another site's form posting from a visitor's browser
        assertEquals(URI.create(base + "/recover?error=expired"), Browser.location(forged.post(base + "/recover",
                Map.of("identifier", user))), "no recovery without the start page's own binding");

        Browser browser = new Browser();
        HttpResponse<String> startPage = browser.get(base + "/recover?identifier=" + user);
        assertEquals(200, startPage.statusCode());
        assertTrue(startPage.body().contains("value=\"" + user + "\""), "the identifier typed at the login is kept");
        HttpResponse<String> started = browser.post(base + "/recover", Map.of("identifier", user,
                "csrf", Browser.hidden(startPage.body(), "csrf")));
        assertEquals(URI.create(base + "/recover/code"), Browser.location(started));
        String codePage = browser.get(base + "/recover/code").body();
        assertEquals(URI.create(base + "/recover/code?error=wrong"), Browser.location(browser.post(base + "/recover/code",
                Map.of("csrf", Browser.hidden(codePage, "csrf"), "code", "000000"))));
        assertEquals(URI.create(base + "/recover/code"), Browser.location(browser.get(base + "/recover/password")),
                "no new password before the code");
        assertEquals(URI.create(base + "/recover/password"), Browser.location(browser.post(base + "/recover/code",
                Map.of("csrf", Browser.hidden(codePage, "csrf"), "code", emailCode(user)))));
        assertTrue(mailWithSubject(user, "Your Passgate password reset code").contains("Never give it to anyone"),
                "the code says what it is for");
        String passwordPage = browser.get(base + "/recover/password").body();
        assertEquals(URI.create(base + "/recover/password?error=common"), Browser.location(browser.post(base + "/recover/password",
                Map.of("csrf", Browser.hidden(passwordPage, "csrf"), "password", "iloveyou", "repeat", "iloveyou"))));
        String fresh = "amber lantern orchard";
        HttpResponse<String> done = browser.post(base + "/recover/password", Map.of("csrf", Browser.hidden(passwordPage, "csrf"),
                "password", fresh, "repeat", fresh));
        assertEquals(URI.create(base + "/account?notice=recovered"), Browser.location(done));
        HttpResponse<String> account = browser.follow(done);
        assertEquals(200, account.statusCode(), "signed in by the recovery");
        assertTrue(account.body().contains("Add a passkey now") && account.body().contains("id=\"add-passkey\""), account.body());
        String made = addPasskey(browser, new TestAuthenticator()); // a recovery, fresh, may add a passkey at once
        assertTrue(browser.get(base + "/account/sessions").body().contains("through account recovery"),
                "the session says how it was made");
        assertEquals("error=needs_mfa", Browser.location(browser.get(base + "/account/passkeys/delete?id=" + made)).getQuery(),
                "but a code read from the mailbox never takes a passkey away");

        assertEquals(303, elsewhere.get(base + "/account").statusCode(), "every other session ended");
        assertEquals(400, provider.token(OidcFlowIT.WEB, new com.nimbusds.oauth2.sdk.RefreshTokenGrant(app.refresh()))
                .toHTTPResponse().getStatusCode(), "and every refresh token");
        assertTrue(mailWithSubject(user, "Your account was recovered").contains("All other sign-ins were ended"));
        assertEquals(URI.create(base + "/recover?error=expired"), Browser.location(browser.get(base + "/recover/code")),
                "a recovery is used once");
        Browser next = new Browser();
        URI callback = login(next, next.follow(next.get(base + "/account")), user, fresh);
        assertEquals(URI.create(base + "/account"), Browser.location(next.get(callback.toString())));
    }

    /** The pages say the same, take the same time (within noise) and refuse codes the same way for anyone typed. */
    @Test
    void recoveryWhenTheIdentifierNamesNoAccountThenEverythingLooksTheSame() throws Exception {
        String user = newUser();
        long[] known = new long[7];
        long[] unknown = new long[7];
        String knownPage = null;
        String unknownPage = null;
        for (int i = 0; i < known.length; i++) {
            Browser a = new Browser();
            String formA = Browser.hidden(a.get(base + "/recover").body(), "csrf");
            Browser b = new Browser();
            String formB = Browser.hidden(b.get(base + "/recover").body(), "csrf");
            long t0 = System.nanoTime();
            HttpResponse<String> r1 = a.post(base + "/recover", Map.of("identifier", user, "csrf", formA));
            known[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            HttpResponse<String> r2 = b.post(base + "/recover", Map.of("identifier", "nobody-" + user, "csrf", formB));
            unknown[i] = System.nanoTime() - t0;
            assertEquals(r1.statusCode(), r2.statusCode());
            assertEquals(Browser.location(r1), Browser.location(r2));
            knownPage = a.get(base + "/recover/code").body().replaceAll("value=\"[^\"]+\"", "");
            unknownPage = b.get(base + "/recover/code").body().replaceAll("value=\"[^\"]+\"", "");
            String unknownCsrf = Browser.hidden(b.get(base + "/recover/code").body(), "csrf");
            assertEquals(URI.create(base + "/recover/code?error=wrong"), Browser.location(b.post(base + "/recover/code",
                    Map.of("csrf", unknownCsrf, "code", "123456"))));
        }
        assertEquals(knownPage, unknownPage, "the same page, word for word");
        java.util.Arrays.sort(known);
        java.util.Arrays.sort(unknown);
        double knownMs = known[known.length / 2] / 1e6;
        double unknownMs = unknown[unknown.length / 2] / 1e6;
        System.out.printf("AccountIT recovery start: median %.1f ms with an account, %.1f ms without (7 each)%n", knownMs, unknownMs);
        assertTrue(Math.abs(knownMs - unknownMs) < 150, "the code is sent off the request: " + knownMs + " vs " + unknownMs);
        // Five tries for every recovery, with or without an account.
        Browser b = new Browser();
        startRecovery(b, "nobody-else");
        String csrf = Browser.hidden(b.get(base + "/recover/code").body(), "csrf");
        for (int i = 0; i < 4; i++) {
            b.post(base + "/recover/code", Map.of("csrf", csrf, "code", "123456"));
        }
        assertEquals(URI.create(base + "/recover/code?error=too_many_attempts"), Browser.location(b.post(base + "/recover/code",
                Map.of("csrf", csrf, "code", "123456"))));
    }

    /** A code read before the account changed (here: another recovery set a new password) sets nothing after it. */
    @Test
    void recoveryWhenTheAccountChangedAfterItsCodeThenItSetsNothing() throws Exception {
        String user = newUser();
        signedIn(user); // the login's code marks the address verified
        Browser first = new Browser();
        startRecovery(first, user);
        String firstPage = first.get(base + "/recover/code").body();
        assertEquals(URI.create(base + "/recover/password"), Browser.location(first.post(base + "/recover/code",
                Map.of("csrf", Browser.hidden(firstPage, "csrf"), "code", emailCode(user)))));
        String firstPassword = first.get(base + "/recover/password").body();

        Browser second = new Browser();
        startRecovery(second, user);
        String secondPage = second.get(base + "/recover/code").body();
        second.post(base + "/recover/code", Map.of("csrf", Browser.hidden(secondPage, "csrf"), "code", emailCode(user)));
        String secondPassword = second.get(base + "/recover/password").body();
        assertEquals(URI.create(base + "/account?notice=recovered"), Browser.location(second.post(base + "/recover/password",
                Map.of("csrf", Browser.hidden(secondPassword, "csrf"), "password", "second owner words", "repeat",
                        "second owner words"))));

        assertEquals(URI.create(base + "/recover?error=expired"), Browser.location(first.post(base + "/recover/password",
                Map.of("csrf", Browser.hidden(firstPassword, "csrf"), "password", "first owner words", "repeat",
                        "first owner words"))), "the first recovery ended when the password changed");
        Browser next = new Browser();
        URI callback = login(next, next.follow(next.get(base + "/account")), user, "second owner words");
        assertEquals(URI.create(base + "/account"), Browser.location(next.get(callback.toString())));
    }

    /**
     * Anyone can ask for recoveries of an account: those have their own budget, so the holder's sign-in codes
     * still come; and one address asking for many is slowed down without slowing anyone else.
     */
    @Test
    void recoveryWhenAskedOverAndOverThenTheHoldersCodesStillComeAndTheAskerSlowsDown() throws Exception {
        String user = newUser();
        signedIn(user);
        String address = "198.18." + new java.util.Random().nextInt(256) + "." + (1 + new java.util.Random().nextInt(254));
        Browser asker = new Browser(java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build(), "X-Forwarded-For", address);
        for (int i = 0; i < 6; i++) {
            assertEquals(URI.create(base + "/recover/code"), Browser.location(startRecovery(asker, user)));
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (resetMails(user) < 5 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(1000);
        assertEquals(5, resetMails(user), "recovery codes stop at their own hourly budget");
        java.util.Collections.addAll(steps.used, mail.getReceivedMessagesForDomain(user + "@example.com")); // read the sign-in's own code
        Browser holder = new Browser();
        URI callback = login(holder, holder.follow(holder.get(base + "/account")), user);
        assertEquals(URI.create(base + "/account"), Browser.location(holder.get(callback.toString())),
                "the holder's sign-in code still came");

        long hour = System.currentTimeMillis() / 3_600_000;
        for (int i = 6; i < 50; i++) {
            assertEquals(URI.create(base + "/recover/code"), Browser.location(startRecovery(asker, "nobody-" + i)));
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(hour == System.currentTimeMillis() / 3_600_000,
                "the count is per clock hour, and this one ended mid-test");
        HttpResponse<String> slowed = startRecovery(asker, "nobody-51");
        assertEquals(URI.create(base + "/recover?error=slow_down"), Browser.location(slowed));
        assertTrue(asker.follow(slowed).body().contains("Wait a few minutes"), "it says what to do");
        assertEquals(URI.create(base + "/recover/code"), Browser.location(startRecovery(new Browser(), "nobody-52")),
                "another address is not slowed down");
    }

    private static int resetMails(String user) throws Exception {
        int n = 0;
        for (jakarta.mail.internet.MimeMessage m : mail.getReceivedMessagesForDomain(user + "@example.com")) {
            if ("Your Passgate password reset code".equals(m.getSubject())) {
                n++;
            }
        }
        return n;
    }

    /** "Can't sign in?" as a browser does it: the start page (which binds its form), then the identifier. */
    private static HttpResponse<String> startRecovery(Browser browser, String identifier) {
        String page = browser.get(base + "/recover").body();
        return browser.post(base + "/recover", Map.of("identifier", identifier, "csrf", Browser.hidden(page, "csrf")));
    }

    // --- in a real browser --------------------------------------------------------------------------------

    /**
     * The list names the passkey from its AAGUID; a second passkey added here; each signs in; then one is
     * deleted and the next page tells the authenticator exactly which credentials remain (Signal API, spied).
     */
    @Test
    void browserAddSecondPasskeyThenEachSignsInThenDeleteOneAndSignalTheRest() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium and chromium-driver are not installed");
        chromium = Chromium.start();
        BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
        String user = newUser();
        signInAndEnrolAtLogin(steps, user);
        chromium.driver.get(base + "/account");
        steps.waitForHeading("Your passkeys");
        assertEquals(List.of(CHROMIUM_NAME), names(), "the name comes from the AAGUID (names file)");
        List<Credential> first = chromium.authenticator.getCredentials();
        assertEquals(1, first.size());

        // A second passkey: the authenticator must not hold the first (it would be excluded).
        chromium.authenticator.removeAllCredentials();
        steps.click("Add a passkey");
        steps.waitFor("the teaching note", () -> !chromium.driver.findElements(By.id("added")).isEmpty());
        List<Credential> second = chromium.authenticator.getCredentials();
        assertEquals(1, second.size());
        assertEquals(2, chromium.driver.findElements(By.cssSelector("li.passkey")).size());
        assertTrue(chromium.driver.findElement(By.id("added")).getText().contains(CHROMIUM_NAME));

        // Each signs in (a new login with only that one on the authenticator).
        for (List<Credential> only : List.of(first, second)) {
            chromium.authenticator.removeAllCredentials();
            only.forEach(chromium.authenticator::addCredential);
            passkeyLogin(steps, user);
        }

        // Recent activity says how each passkey signed in (the autofill here).
        chromium.driver.get(base + "/account/activity");
        steps.waitForHeading("Recent activity");
        String activity = chromium.driver.findElement(By.cssSelector("ul.activity")).getText();
        assertTrue(activity.contains("with a passkey (chosen from autofill)"), activity);
        // The notice of the passkey made at sign-in teaches what kind it is.
        String added = mailWithSubject(user, "A passkey was added to your account");
        assertTrue(added.contains("synced") || added.contains("add a passkey on another device"), added);

        // Rename one (every button is pressed by some test).
        chromium.driver.get(base + "/account");
        steps.type(By.id("name-0"), "Laptop");
        steps.click("Save name");
        steps.waitFor("the rename notice", () -> !chromium.driver.findElements(By.id("account-notice")).isEmpty());
        assertTrue(names().contains("Laptop"), names().toString());

        // Delete the first; the spy records what the next page tells the authenticator.
        spyOnSignals();
        String firstId = base64Url(first.get(0).getId());
        String secondId = base64Url(second.get(0).getId());
        chromium.driver.get(base + "/account/passkeys/delete?id=" + firstId);
        steps.waitFor("the confirmation", () -> !chromium.driver.findElements(By.id("confirm-delete")).isEmpty());
        steps.click("Delete passkey");
        steps.waitFor("the deletion notice", () -> !chromium.driver.findElements(By.id("account-notice")).isEmpty());
        Object signalled = steps.waitFor("signalAllAcceptedCredentials", () -> chromium.driver.executeScript(
                "return window.__signals && window.__signals.length ? JSON.stringify(window.__signals[0]) : null;"));
        JsonObject call = Provider.json(signalled.toString());
        assertEquals("localhost", call.getString("rpId"));
        assertEquals(List.of(secondId), call.getJsonArray("allAcceptedCredentialIds").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(1, chromium.driver.findElements(By.cssSelector("li.passkey")).size());
    }

    /** "Keep it" leads back without deleting; an add that the person cancels shows the catalogue entry and "Try again" works. */
    @Test
    void browserKeepItThenCancelledAddShowsWhyAndTryAgainThenSignOut() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium and chromium-driver are not installed");
        chromium = Chromium.start();
        BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
        String user = newUser();
        signInAndEnrolAtLogin(steps, user);
        chromium.driver.get(base + "/account");
        steps.waitForHeading("Your passkeys");
        chromium.driver.findElement(By.linkText("Delete")).click();
        steps.waitFor("the confirmation", () -> !chromium.driver.findElements(By.id("cancel-delete")).isEmpty());
        chromium.driver.findElement(By.id("cancel-delete")).click();
        steps.waitForHeading("Your passkeys");
        assertEquals(1, chromium.driver.findElements(By.cssSelector("li.passkey")).size());

        // The authenticator holds the passkey already: the browser refuses (excluded), the catalogue says why.
        steps.click("Add a passkey");
        String alert = steps.waitForAlert().getText();
        assertTrue(alert.contains("Passkey already set up here") || alert.contains("cancelled"), alert);
        chromium.authenticator.removeAllCredentials();
        steps.click("Try again");
        steps.waitFor("the teaching note", () -> !chromium.driver.findElements(By.id("added")).isEmpty());
        assertEquals(2, chromium.driver.findElements(By.cssSelector("li.passkey")).size());

        chromium.driver.findElement(By.id("sign-out")).click();
        steps.waitForHeading("Sign out");
        steps.click("Sign out");
        steps.waitForHeading("You are signed out");
        chromium.driver.get(base + "/account");
        steps.waitFor("the login", () -> chromium.driver.getCurrentUrl().startsWith(base + "/login"));
    }

    /** Every link and button of the other account pages, in order, ending with the account deleted. */
    @Test
    void browserSessionsPasswordActivityDataThenDeleteTheAccount() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium and chromium-driver are not installed");
        String user = newUser();
        signedIn(user); // two other browsers first, so this one's sign-in is the freshest
        signedIn(user);
        chromium = Chromium.start();
        BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
        signInAndEnrolAtLogin(steps, user);

        chromium.driver.findElement(By.id("nav-sessions")).click();
        steps.waitForHeading("Where you are signed in");
        assertEquals(3, chromium.driver.findElements(By.cssSelector("li.session")).size());
        steps.click("Sign out");
        steps.waitFor("the sign-out notice", () -> !chromium.driver.findElements(By.id("account-notice")).isEmpty());
        assertEquals(2, chromium.driver.findElements(By.cssSelector("li.session")).size());
        steps.click("Sign out everywhere else");
        steps.waitFor("only this browser", () -> chromium.driver.findElements(By.cssSelector("li.session")).size() == 1);
        assertTrue(chromium.driver.findElement(By.cssSelector("li.session")).getText().contains("(this browser)"));

        chromium.driver.findElement(By.id("nav-password")).click();
        steps.waitForHeading("Change your password");
        steps.type(By.id("password"), "violet kettle mountain");
        steps.type(By.id("repeat"), "violet kettle mountain");
        steps.click("Save password");
        steps.waitFor("the password notice", () -> chromium.driver.findElements(By.id("account-notice")).stream()
                .anyMatch(e -> e.getText().contains("Your password was changed")));

        chromium.driver.findElement(By.id("nav-activity")).click();
        steps.waitForHeading("Recent activity");
        String activity = chromium.driver.findElement(By.cssSelector("ul.activity")).getText();
        assertTrue(activity.contains("Password changed") && activity.contains("Passkey created")
                && activity.contains("Signed out of a browser"), activity);
        chromium.driver.findElement(By.id("nav-passkeys")).click();
        steps.waitForHeading("Your passkeys");

        chromium.driver.findElement(By.id("nav-data")).click();
        steps.waitForHeading("Your data");
        chromium.driver.findElement(By.id("export")).click(); // a download: the page stays
        steps.type(By.id("confirm"), user);
        steps.click("Delete my account");
        steps.waitForHeading("Your account was deleted");
        assertTrue(mailWithSubject(user, "Your account was deleted").contains("passkeys, password and sign-ins"));
    }

    /** A passkey deleted on the server still offered by the authenticator: the login tells it to forget that one. */
    @Test
    void browserSignInWithAPasskeyDeletedHereThenSignalUnknownCredential() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium and chromium-driver are not installed");
        chromium = Chromium.start();
        BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
        String user = newUser();
        signInAndEnrolAtLogin(steps, user);
        String id = base64Url(chromium.authenticator.getCredentials().get(0).getId());
        // Recorded, not passed on: the virtual authenticator keeps the passkey, so it answers the next sign-in with it.
        chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__unknown = [];
                if (window.PublicKeyCredential) {
                  PublicKeyCredential.signalUnknownCredential = (o) => { window.__unknown.push(o); return Promise.resolve(); };
                  PublicKeyCredential.signalAllAcceptedCredentials = () => Promise.resolve();
                  PublicKeyCredential.signalCurrentUserDetails = () => Promise.resolve();
                }
                """));
        chromium.driver.get(base + "/account/passkeys/delete?id=" + id);
        steps.click("Delete passkey");
        steps.waitFor("the deletion notice", () -> !chromium.driver.findElements(By.id("account-notice")).isEmpty());
        chromium.driver.manage().deleteAllCookies();
        chromium.driver.get(base + "/account"); // the login; autofill offers the deleted passkey, the server knows none
        Object told = steps.waitFor("signalUnknownCredential", () -> chromium.driver.executeScript(
                "return window.__unknown && window.__unknown.length ? JSON.stringify(window.__unknown[0]) : null;"));
        JsonObject call = Provider.json(told.toString());
        assertEquals(id, call.getString("credentialId"));
        assertEquals("localhost", call.getString("rpId"));
    }

    /**
     * Recovery end to end in a browser: every passkey lost; "Can't sign in?" from the identifier page and from the
     * password page; the code from the mail; a new password; a new passkey on the account page; then a passkey sign-in.
     */
    @Test
    void browserRecoveryWhenEveryPasskeyIsLostThenNewPasswordNewPasskeyAndAPasskeySignIn() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium and chromium-driver are not installed");
        chromium = Chromium.start();
        BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
        String user = newUser();
        signInAndEnrolAtLogin(steps, user);
        chromium.authenticator.removeAllCredentials(); // the phone is gone
        chromium.driver.manage().deleteAllCookies();

        chromium.driver.get(base + "/account");
        chromium.driver.findElement(By.id("cant-sign-in")).click();
        steps.waitForHeading("Can't sign in?");
        steps.type(By.id("identifier"), user);
        steps.click("Send a code");
        steps.waitFor("the code page", () -> !chromium.driver.findElements(By.id("code")).isEmpty());
        chromium.driver.findElement(By.id("recover-again")).click(); // changed their mind: start again from the login
        steps.waitForHeading("Can't sign in?");

        chromium.driver.get(base + "/account");
        steps.type(By.id("identifier"), user);
        steps.click("Use password instead");
        steps.waitFor("the password page", () -> !chromium.driver.findElements(By.id("password")).isEmpty());
        chromium.driver.findElement(By.id("cant-sign-in")).click();
        steps.waitForHeading("Can't sign in?");
        assertEquals(user, chromium.driver.findElement(By.id("identifier")).getAttribute("value"), "the identifier comes along");
        steps.click("Send a code");
        steps.waitFor("the code page", () -> !chromium.driver.findElements(By.id("code")).isEmpty());
        Thread.sleep(1000); // both recoveries' codes are out: the newest unused one is this recovery's
        steps.type(By.id("code"), emailCode(user));
        steps.click("Verify");
        steps.waitForHeading("Set a new password");
        steps.type(By.id("password"), "amber lantern orchard");
        steps.type(By.id("repeat"), "amber lantern orchard");
        steps.click("Set password and sign in");
        steps.waitForHeading("Your passkeys");
        assertTrue(chromium.driver.findElement(By.id("account-notice")).getText().contains("Add a passkey now"));
        steps.click("Add a passkey");
        steps.waitFor("the teaching note", () -> !chromium.driver.findElements(By.id("added")).isEmpty());
        assertEquals(1, chromium.authenticator.getCredentials().size());

        chromium.driver.manage().deleteAllCookies();
        passkeyLogin(steps, user);
        assertTrue(mailWithSubject(user, "Your account was recovered").contains("All other sign-ins were ended"));
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static String newUser() throws Exception {
        String name = "a" + Long.toHexString(System.nanoTime());
        provider.createUser(name, name + "@example.com", PASSWORD);
        return name;
    }

    /** A plain-HTTP browser signed in to the account pages with password and emailed code. */
    private static Browser signedIn(String user) throws Exception {
        return signedIn(user, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36");
    }

    private static Browser signedIn(String user, String userAgent) throws Exception {
        return steps.signedIn(new Browser(java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build(),
                "User-Agent", userAgent), user, PASSWORD);
    }

    record Tokens(com.nimbusds.oauth2.sdk.token.RefreshToken refresh) {
    }

    /** An application signs in through this browser's session (no prompt) and gets a refresh token. */
    private static Tokens appTokens(Browser browser) throws Exception {
        HttpResponse<String> r = browser.get(base + "/authorize?" + Browser.form(OidcFlowIT.request("web", OidcFlowIT.WEB_CB)));
        assertEquals(303, r.statusCode(), r.body());
        String code = Provider.param(Browser.location(r), "code");
        var response = provider.exchange(OidcFlowIT.WEB, code, OidcFlowIT.WEB_CB, null);
        assertTrue(response.indicatesSuccess());
        var refresh = response.toSuccessResponse().getTokens().getRefreshToken();
        assertTrue(refresh != null, "the web client gets a refresh token");
        assertEquals(200, provider.token(OidcFlowIT.WEB, new com.nimbusds.oauth2.sdk.RefreshTokenGrant(refresh))
                .toHTTPResponse().getStatusCode(), "it works now");
        return new Tokens(refresh);
    }

    /** The sid of this browser's session, as its sessions page marks it. */
    private static String sidOf(Browser browser) {
        String page = browser.get(base + "/account/sessions").body();
        Matcher m = Pattern.compile("data-current=\"true\">.*?name=\"sid\" value=\"([^\"]+)\"", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    private static List<String> hiddenValues(String html, String name) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** From the login's first page to the account callback, with password and emailed code (see {@link AccountSteps}). */
    private static URI login(Browser browser, HttpResponse<String> loginRedirect, String user) throws Exception {
        return steps.login(browser, loginRedirect, user, PASSWORD);
    }

    private static URI login(Browser browser, HttpResponse<String> loginRedirect, String user, String password) throws Exception {
        return steps.login(browser, loginRedirect, user, password);
    }

    private static String addPasskey(Browser browser, TestAuthenticator authenticator) {
        return steps.addPasskey(browser, authenticator);
    }

    private static String csrf(HttpResponse<String> accountPage) {
        return AccountSteps.csrf(accountPage);
    }

    private static String emailCode(String user) throws Exception {
        return steps.emailCode(user + "@example.com");
    }

    private static String emailCodeTo(String address) throws Exception {
        return steps.emailCode(address);
    }

    private static String mailWithSubject(String user, String subject) throws Exception {
        return new BrowserSteps(() -> null, mail).emailWithSubject(user + "@example.com", subject);
    }

    private void signInAndEnrolAtLogin(BrowserSteps steps, String user) throws Exception {
        chromium.driver.get(base + "/account");
        steps.type(By.id("identifier"), user);
        steps.click("Continue");
        steps.type(By.id("password"), PASSWORD);
        steps.click("Sign in");
        steps.type(By.id("code"), emailCode(user)); // one list of used codes across this test's browsers
        steps.click("Verify");
        steps.waitForHeading("Create a passkey");
        steps.click("Create passkey");
        steps.waitForHeading("Your passkeys");
    }

    /** A new sign-in to the account pages with the passkey on the authenticator, from a signed-out state. */
    private void passkeyLogin(BrowserSteps steps, String user) {
        chromium.driver.manage().deleteAllCookies();
        chromium.driver.get(base + "/account");
        steps.waitForHeading("Your passkeys"); // autofill, or the passkey started after the identifier
        assertNotEquals(0, chromium.driver.findElements(By.cssSelector("li.passkey")).size());
    }

    private List<String> names() {
        return chromium.driver.findElements(By.cssSelector(".passkey-name")).stream().map(e -> e.getText()).toList();
    }

    /** Records every signalAllAcceptedCredentials call of every page from now on, and passes it on. */
    private void spyOnSignals() {
        chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__signals = [];
                if (window.PublicKeyCredential) {
                  const real = PublicKeyCredential.signalAllAcceptedCredentials;
                  PublicKeyCredential.signalAllAcceptedCredentials = (options) => {
                    window.__signals.push(options);
                    return real ? real.call(PublicKeyCredential, options) : Promise.resolve();
                  };
                }
                """));
    }

    private static String base64Url(byte[] bytes) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
