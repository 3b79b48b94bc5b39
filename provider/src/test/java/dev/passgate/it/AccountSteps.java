package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;

import dev.passgate.passkey.TestAuthenticator;
import jakarta.json.JsonObject;

/**
 * What a plain-HTTP browser does on the account pages of one node: sign in with password and the
 * emailed code (no WebAuthn here, so no passkey offer), read codes from GreenMail, add a passkey
 * with a software authenticator through the pages' JSON calls, as account.js does.
 */
final class AccountSteps {
    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");
    private static final Pattern CSRF = Pattern.compile("(?:data-csrf=|name=\"csrf\" value=)\"([^\"]+)\"");

    private final String base;
    private final Provider provider;
    private final GreenMail mail;
    /** Mails whose code a step has used (or that a test set aside): never read twice. */
    final List<jakarta.mail.internet.MimeMessage> used = new ArrayList<>();

    AccountSteps(String base, Provider provider, GreenMail mail) {
        this.base = base;
        this.provider = provider;
        this.mail = mail;
    }

    /** The newest code mailed to {@code address} that no step has used yet. */
    String emailCode(String address) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            jakarta.mail.internet.MimeMessage[] all = mail.getReceivedMessagesForDomain(address);
            for (int i = all.length - 1; i >= 0; i--) {
                Matcher m = CODE.matcher(com.icegreen.greenmail.util.GreenMailUtil.getBody(all[i]));
                synchronized (used) {
                    if (m.find() && !used.contains(all[i])) {
                        used.add(all[i]);
                        return m.group(1);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no code mailed to " + address);
    }

    /**
     * From the login's first page (or the redirect to it) to the account callback: password, then the code mailed
     * to {@code user@example.com}. @return the callback's URI, not yet visited
     */
    URI login(Browser browser, HttpResponse<String> loginRedirect, String user, String password) throws Exception {
        HttpResponse<String> r = codeVerified(browser, loginRedirect, user, password);
        for (int hops = 0; hops < 5 && r.statusCode() == 303; hops++) {
            URI next = Browser.location(r);
            if (next.getPath().equals("/account/callback")) {
                return next;
            }
            r = browser.get(next.toString());
        }
        throw new AssertionError("the login did not come back to the account callback: " + r.statusCode() + " " + r.body());
    }

    /** From the login's first page (or the redirect to it) through password and emailed code: the code's answer. */
    HttpResponse<String> codeVerified(Browser browser, HttpResponse<String> loginRedirect, String user, String password)
            throws Exception {
        HttpResponse<String> identify = loginRedirect;
        for (int hops = 0; hops < 3 && identify.statusCode() == 303; hops++) {
            identify = browser.follow(identify);
        }
        HttpResponse<String> codePage = provider.submitPassword(browser, provider.passwordPage(browser, identify, user), password);
        if (codePage.statusCode() == 303) {
            codePage = browser.follow(codePage);
        }
        return browser.post(base + "/login/code/verify", Map.of(
                "interaction", Browser.hidden(codePage.body(), "interaction"), "csrf", Browser.hidden(codePage.body(), "csrf"),
                "code", emailCode(user + "@example.com")));
    }

    /** A browser signed in to the account pages (and so the console) with password and emailed code. */
    Browser signedIn(Browser browser, String user, String password) throws Exception {
        URI callback = login(browser, browser.get(base + "/account"), user, password);
        assertEquals(URI.create(base + "/account"), Browser.location(browser.get(callback.toString())));
        return browser;
    }

    /**
     * A new account holding the console role {@code auditor} (made through SCIM), signed in with password and
     * emailed code: how a test reads the audit trail back as an auditor exports it.
     */
    Browser auditor(String password) throws Exception {
        String name = "a" + Long.toHexString(System.nanoTime());
        HttpResponse<String> r = provider.scim("POST", "/scim/v2/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"" + name + "\",\"emails\":[{\"value\":\"" + name + "@example.com\",\"primary\":true}],"
                + "\"password\":\"" + password + "\",\"roles\":[{\"value\":\"auditor\"}]}", provider.serviceToken("scim"));
        assertEquals(201, r.statusCode(), r.body());
        return signedIn(new Browser(), name, password);
    }

    /** Adds a passkey through the account page's JSON calls. @return its credential id */
    String addPasskey(Browser browser, TestAuthenticator authenticator) {
        String token = csrf(browser.get(base + "/account"));
        HttpResponse<String> options = browser.postJson(base + "/account/passkeys/options", "{}", token);
        JsonObject json = Provider.json(options.body());
        assertTrue(json.containsKey("publicKey"), options.body());
        String credential = authenticator.create(json.getJsonObject("publicKey").toString(), base);
        HttpResponse<String> verified = browser.postJson(base + "/account/passkeys/verify", "{\"credential\":" + credential + "}", token);
        String next = Provider.json(verified.body()).getString("next", "");
        assertTrue(next.startsWith(base + "/account?added="), verified.body());
        return next.substring(next.indexOf('=') + 1);
    }

    /** The session's CSRF token: the passkeys page hands it to its script, the other pages to their forms. */
    static String csrf(HttpResponse<String> accountPage) {
        Matcher m = CSRF.matcher(accountPage.body());
        assertTrue(m.find(), accountPage.body());
        return m.group(1);
    }
}
