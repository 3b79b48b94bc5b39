package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.virtualauthenticator.Credential;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

/**
 * The passkey-first login in a real headless Chromium with a virtual authenticator, against the
 * provider and sample app on Payara Micro, with a real SMTP server (GreenMail) receiving the
 * email codes and a local HTTP gateway receiving the SMS ones. Each test has its own account
 * and its own browser. Screenshots and page sources of failures go to {@code target/screenshots}.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class BrowserIT {
    static final String PASSWORD = "browser test password";
    /** The client's redirect URI, answered by this test's own HTTP server so the browser lands somewhere. */
    static final String CLIENT_CB = "http://localhost:" + Integer.getInteger("it.receiverPort") + "/cb";
    static final int MAX_PASSKEYS = 2;

    static PayaraNode node;
    static Provider provider;
    static GreenMail mail;
    static HttpServer smsGateway;
    static final BlockingQueue<String> smsMessages = new LinkedBlockingQueue<>();

    Chromium chromium;
    BrowserSteps steps;
    String testName;

    /** Runs before {@code @AfterEach} closes the browser, so the failing page can still be captured. */
    @RegisterExtension
    final AfterTestExecutionCallback screenshots = context -> {
        if (context.getExecutionException().isPresent() && chromium != null) {
            chromium.screenshot(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.available()) {
            String reason = "Chromium not installed at " + Chromium.BINARY + " / " + Chromium.DRIVER;
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ": CI must install chromium and chromium-driver (see .ci/run)");
            }
            System.out.println("SKIPPED BrowserIT: " + reason);
            Assumptions.abort(reason);
        }
        int smtpPort = Integer.getInteger("it.smtpPort");
        mail = new GreenMail(new ServerSetup(smtpPort, "localhost", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        int gatewayPort = Integer.getInteger("it.receiverPort");
        smsGateway = HttpServer.create(new InetSocketAddress("localhost", gatewayPort), 0);
        smsGateway.createContext("/sms", exchange -> {
            smsMessages.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        smsGateway.createContext("/help", exchange -> {
            byte[] page = "<!doctype html><title>Acme help</title><h1>Acme help centre</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        smsGateway.createContext("/spa", exchange -> {
            byte[] page = SPA_PAGE.replace("ISSUER", "http://localhost:" + Integer.getInteger("it.port"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        smsGateway.createContext("/cb", exchange -> {
            byte[] page = "<!doctype html><title>Client</title><h1>Back at the client</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        smsGateway.start();

        int port = Integer.getInteger("it.port");
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/browser");
        Path theme = theme(dir.resolve("theme"), gatewayPort);
        node = PayaraNode.start("browser", port, Map.ofEntries(
                Map.entry("passgate.issuer", "http://localhost:" + port),
                Map.entry("passgate.clients-file", Path.of(System.getProperty("it.war")).getParent()
                        .resolve("test-classes/it-clients.json").toString()),
                Map.entry("passgate.data-dir", dir.resolve("data").toString()),
                Map.entry("passgate.db.url", "jdbc:h2:file:" + dir.resolve("data/passgate")),
                Map.entry("passgate.demo-user", "false"),
                Map.entry("passgate.mail.smtp.host", "localhost"),
                Map.entry("passgate.mail.smtp.port", String.valueOf(smtpPort)),
                Map.entry("passgate.mail.smtp.starttls", "false"),
                Map.entry("passgate.sms.webhook-url", "http://localhost:" + gatewayPort + "/sms"),
                Map.entry("passgate.sms.webhook-secret", "sms-gateway-secret"),
                Map.entry("passgate.webauthn.timeout", "15"),
                Map.entry("passgate.passkeys.max-per-account", String.valueOf(MAX_PASSKEYS)),
                Map.entry("passgate.theme.dir", theme.toString()),
                Map.entry("passgate.filter.issuer", "http://localhost:" + port)),
                List.of(System.getProperty("it.sampleWar") + ":/sample-app"));
        assertTrue(node.awaitReady(Duration.ofSeconds(150), "/.well-known/openid-configuration", "/sample-app/"), node::log);
        provider = new Provider(node.base());
    }

    /** An operator's theme: their logo, and a footer with a link to their help centre (README, "Brand the login"). */
    static Path theme(Path dir, int helpPort) throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("assets"));
        java.nio.file.Files.createDirectories(dir.resolve("templates"));
        java.nio.file.Files.writeString(dir.resolve("assets/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "viewBox=\"0 0 40 40\" width=\"40\" height=\"40\"><title>" + THEME_LOGO + "</title><circle cx=\"20\" cy=\"20\" r=\"18\" fill=\"#c2410c\"/></svg>");
        java.nio.file.Files.writeString(dir.resolve("templates/footer.html"), "<footer th:fragment=\"footer\" class=\"footer\">"
                + "<a href=\"http://localhost:" + helpPort + "/help\">Acme help centre</a></footer>");
        return dir;
    }

    static final String THEME_LOGO = "Acme logo from the theme directory";

    /**
     * A single-page app on another origin than the provider, as a public client would be: PKCE,
     * then the code exchanged and userinfo read with fetch(), which only CORS lets through.
     */
    static final String SPA_PAGE = """
            <!doctype html><title>SPA</title><pre id="out">starting</pre><script>
            const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
            (async () => {
              const issuer = 'ISSUER', cb = location.origin + '/spa', q = new URLSearchParams(location.search);
              if (!q.get('code')) {
                const verifier = b64(crypto.getRandomValues(new Uint8Array(32)));
                sessionStorage.setItem('verifier', verifier);
                const challenge = b64(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
                location.assign(issuer + '/authorize?' + new URLSearchParams({ client_id: 'browser-spa', redirect_uri: cb,
                  response_type: 'code', scope: 'openid profile', state: 'st', nonce: 'no', code_challenge: challenge,
                  code_challenge_method: 'S256' }));
                return;
              }
              const r = await fetch(issuer + '/token', { method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({ grant_type: 'authorization_code', code: q.get('code'), redirect_uri: cb,
                  client_id: 'browser-spa', code_verifier: sessionStorage.getItem('verifier') }) });
              const t = await r.json();
              const u = await fetch(issuer + '/userinfo', { headers: { Authorization: 'Bearer ' + t.access_token } });
              const info = await u.json();
              document.getElementById('out').textContent = 'token ' + r.status + (t.id_token ? ' id_token' : ' none')
                + ' userinfo ' + u.status + ' ' + info.preferred_username;
            })().catch((e) => { document.getElementById('out').textContent = 'error ' + e; });
            </script>
            """;

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (smsGateway != null) {
            smsGateway.stop(0);
        }
    }

    @BeforeEach
    void browser(TestInfo info) throws IOException {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        chromium = Chromium.start();
        steps = new BrowserSteps(() -> chromium, mail);
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    // --- the journeys -------------------------------------------------------------------------------

    /** Seed 004 and 001: no passkey → password → email code → offer → passkey created → back at the app. */
    @Test
    void firstLoginWhenNoPasskeyThenPasswordEmailCodeOfferAndPasskeyCreated() throws Exception {
        String user = newUser(true, false);
        openLogin(false);
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
        click("Create passkey");
        assertBackAtClient();
        assertEquals(1, chromium.authenticator.getCredentials().size(), "the passkey lives on the authenticator");
        // Issue 10: the account holder is told, by a real SMTP exchange, after the change.
        String notice = steps.emailWithSubject(user + "@example.com", "A passkey was added to your account");
        assertTrue(notice.contains("Chrome (Linux)") && notice.contains("UTC"), notice);
    }

    /** Seed 000/001 step "passkey intelligence auto-starts passkey login". */
    @Test
    void passkeyLoginWhenIdentifierTypedThenCeremonyStartsByItself() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        List<Credential> saved = chromium.authenticator.getCredentials();
        chromium.authenticator.removeAllCredentials(); // keep autofill from answering first
        openLogin(true);
        type(By.id("identifier"), user);
        saved.forEach(chromium.authenticator::addCredential);
        click("Continue");
        assertBackAtClient();
    }

    /** Autofill (conditional mediation): the passkey is picked on the identifier page without typing. */
    @Test
    void passkeyLoginThroughAutofillWithoutTyping() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        openLogin(true);
        assertBackAtClient();
    }

    /** Seeds 000/001: deleted passkey → errors → fallback → code → healing offer → new passkey → next login by passkey. */
    @Test
    void deletedPasskeyWhenLoginFailsTwiceThenFallbackCodeHealingOfferAndNextLoginByPasskey() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        List<Credential> old = chromium.authenticator.getCredentials();
        chromium.authenticator.removeAllCredentials();
        openLogin(true);
        typeIdentifier(user);
        waitForHeading("Sign in with a passkey"); // passkey intelligence started the ceremony by itself
        WebElement alert = waitForAlert();
        // The passkey was made in this browser, so a refusal reads as a failed check of the person
        // (the browser does not say the key is gone): "We could not verify you".
        String code = alert.getAttribute("data-code");
        assertEquals("biometric_not_verified", code, alert.getText());
        click("Try again");
        waitFor("the fallback to the password after the second failure",
                () -> !chromium.driver.findElements(By.id("password")).isEmpty());
        assertEquals(code, waitForAlert().getAttribute("data-code"), "the reason stays visible");
        passwordAndEmailCode(user);
        waitForHeading("Replace your passkey");
        // Issue 10 (2): the offer names the passkey it replaces: the one this browser signed in with.
        assertTrue(chromium.driver.findElement(By.id("replaces")).getText().contains("will be removed"));
        click("Create passkey");
        assertBackAtClient();
        assertEquals(1, chromium.authenticator.getCredentials().size());
        String notice = steps.emailWithSubject(user + "@example.com", "Your passkey was replaced");
        assertTrue(notice.contains("did not work and was replaced"), notice);
        // Issue 12: the audit trail holds the journey, step by step and in order, with the decision's reasons,
        // read as an auditor reads it (the console's export, JSON Lines).
        assertEquals(List.of(
                // enrol: no passkey yet, so the password and a code, then the first passkey (APPEND)
                "passkey.decision FALLBACK:", "password.success VERIFIED", "otp.send SENT", "otp.verify VERIFIED",
                "passkey.offer APPEND", "passkey.registered APPEND", "login.success pwd",
                // the passkey is gone from the device: two failures, the fallback and why, the code, the heal
                "passkey.decision START:", "passkey.failure biometric_not_verified:", "passkey.failure biometric_not_verified:",
                "passkey.fallback biometric_not_verified", "password.success VERIFIED", "otp.send SENT", "otp.verify VERIFIED",
                "passkey.offer HEAL", "passkey.registered HEAL", "login.success pwd"), journey(user, List.of("passkey.decision",
                "passkey.failure", "passkey.fallback", "password.success", "otp.send", "otp.verify", "passkey.offer",
                "passkey.registered", "login.success")));

        openLogin(true); // the next login: autofill finds the new passkey
        assertBackAtClient();

        // The replaced passkey is gone from the account: offered again, the server no longer knows it.
        chromium.authenticator.removeAllCredentials();
        old.forEach(chromium.authenticator::addCredential);
        openLogin(true);
        WebElement refused = waitFor("the refusal of the replaced passkey", () -> {
            List<WebElement> a = chromium.driver.findElements(By.cssSelector("[role=alert][data-code=no_passkey_on_device]"));
            return a.isEmpty() ? null : a.get(0);
        });
        assertTrue(refused.getText().contains("No passkey on this device"), refused.getText());
    }

    /** The healing offer's other way: keep the passkey it would replace (it may work elsewhere) and add one. */
    @Test
    void healWhenThePersonKeepsTheOldPasskeyThenBothSignIn() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        List<Credential> old = chromium.authenticator.getCredentials();
        chromium.authenticator.removeAllCredentials();
        failTwiceThenPassword(user);
        waitForHeading("Replace your passkey");
        WebElement keep = waitFor("the keep button", () -> chromium.driver.findElement(By.id("keep-button")));
        assertTrue(keep.getText().startsWith("Keep \u201c") && keep.getText().endsWith("and add a new one"), keep.getText());
        keep.click();
        assertBackAtClient();
        steps.awaitMails(user + "@example.com", "A passkey was added to your account", 2); // at enrolment, and now

        chromium.authenticator.removeAllCredentials();
        old.forEach(chromium.authenticator::addCredential);
        openLogin(true);
        assertBackAtClient(); // the kept passkey still signs in
    }

    /**
     * Issue 10: a sign-in with a phone's passkey (a roaming authenticator reached over hybrid,
     * Chromium's virtual "cable" transport) ends on "Use this device next time", and the passkey
     * made there lives on this device's own authenticator.
     */
    @Test
    void crossDeviceWhenSignedInWithAPhonesPasskeyThenOfferedOneOnThisDevice() throws Exception {
        String user = newUser(true, false);
        ((org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator) chromium.driver)
                .removeVirtualAuthenticator(chromium.authenticator);
        Map<String, Object> phone = phoneOverHybrid();
        enrol(user); // the passkey is made on the phone
        openLogin(true); // autofill lists this device's passkeys only: the phone's is reached by the ceremony
        typeIdentifier(user);
        startPasskeyIfOffered();
        waitForHeading("Use this device next time");
        chromium.driver.executeCdpCommand("WebAuthn.removeVirtualAuthenticator", Map.of("authenticatorId", phone.get("authenticatorId")));
        org.openqa.selenium.virtualauthenticator.VirtualAuthenticator here =
                ((org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator) chromium.driver).addVirtualAuthenticator(
                        new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                                .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                                .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
                                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
        click("Create passkey");
        assertBackAtClient();
        assertEquals(1, here.getCredentials().size(), "the new passkey is on this device's authenticator");
    }

    /** A virtual phone: CDP names its transport "hybrid" since Chromium 150, "cable" before. */
    private Map<String, Object> phoneOverHybrid() {
        for (String transport : List.of("hybrid", "cable")) {
            try {
                return chromium.driver.executeCdpCommand("WebAuthn.addVirtualAuthenticator", Map.of("options", Map.of(
                        "protocol", "ctap2", "transport", transport, "hasResidentKey", true, "hasUserVerification", true,
                        "isUserVerified", true, "automaticPresenceSimulation", true)));
            } catch (org.openqa.selenium.InvalidArgumentException unknownToThisChromium) {
                // the other name
            }
        }
        throw new AssertionError("this Chromium takes neither \"hybrid\" nor \"cable\" as a virtual authenticator's transport");
    }

    /** Error catalogue: a failed biometric on a device that used the passkey before. */
    @Test
    void failedBiometricWhenPasskeyUsedHereBeforeThenWeCouldNotVerifyYou() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        openLogin(true);
        assertBackAtClient(); // a passkey login: this browser now remembers the passkey
        chromium.authenticator.setUserVerified(false);
        openLogin(true);
        type(By.id("identifier"), user);
        click("Continue");
        WebElement alert = waitFor("the passkey error", () -> {
            List<WebElement> a = chromium.driver.findElements(By.cssSelector("[role=alert][data-code=biometric_not_verified]"));
            return a.isEmpty() ? null : a.get(0);
        });
        assertTrue(alert.getText().contains("We could not verify you"), alert.getText());
        assertFalse(chromium.driver.findElements(By.xpath("//button[normalize-space()='Use password instead']")).isEmpty());
    }

    /** Error catalogue: nobody answers the prompt; the browser gives up at the timeout. */
    @Test
    void ignoredPromptWhenTimeoutPassesThenTimedOutMessage() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        List<Credential> saved = chromium.authenticator.getCredentials();
        chromium.close();
        chromium = Chromium.start(false); // an authenticator that never gets the person's consent
        saved.forEach(chromium.authenticator::addCredential);
        openLogin(false);
        typeIdentifier(user);
        startPasskeyIfOffered();
        WebElement alert = waitFor(Duration.ofSeconds(40), "the timeout message", () -> {
            List<WebElement> a = chromium.driver.findElements(By.cssSelector("[role=alert][data-code=passkey_timed_out]"));
            return a.isEmpty() ? null : a.get(0);
        });
        assertTrue(alert.getText().contains("timed out"), alert.getText());
    }

    /** Seed 002: "I'll do it later" hides the offer on the next sign-in. */
    @Test
    void skipWhenChosenThenNoOfferOnTheNextLogin() throws Exception {
        String user = newUser(true, false);
        openLogin(false);
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
        click("I'll do it later");
        assertBackAtClient();

        openLogin(true);
        typeIdentifier(user);
        passwordAndEmailCode(user);
        assertBackAtClient();
        assertEquals(0, chromium.authenticator.getCredentials().size());
    }

    /** Seed 003/004: the code by SMS when only a phone is on file. */
    @Test
    void smsCodeWhenOnlyPhoneOnFileThenGatewayReceivesIt() throws Exception {
        String user = newUser(false, true);
        openLogin(false);
        typeIdentifier(user);
        type(By.id("password"), PASSWORD);
        click("Sign in");
        String sms = smsMessages.poll(20, TimeUnit.SECONDS);
        assertNotNull(sms, "the SMS gateway received the code");
        type(By.id("code"), BrowserSteps.sixDigits(sms));
        click("Verify");
        waitForHeading("Create a passkey");
        click("I'll do it later");
        assertBackAtClient();
    }

    /**
     * Every button of the code pages and the sign-out confirmation: both channels on file, the
     * person picks SMS, asks again too soon on both buttons (told to wait), verifies, and later
     * signs out at the provider's own page.
     */
    @Test
    void codePagesAndSignOutWhenEveryButtonClickedThenEachDoesWhatItSays() throws Exception {
        String user = newUser(true, true);
        smsMessages.clear();
        openLogin(false);
        typeIdentifier(user);
        type(By.id("password"), PASSWORD);
        click("Sign in");
        waitForHeading("Verify it's you");
        click("Send code by SMS");
        String sms = smsMessages.poll(20, TimeUnit.SECONDS);
        assertNotNull(sms, "the SMS gateway received the code");
        click("Send a new code");
        assertTrue(waitForAlert().getText().startsWith("Please wait a moment"), "a resend right away is refused, politely");
        click("Send it by email instead");
        assertTrue(waitForAlert().getText().startsWith("Please wait a moment"));
        type(By.id("code"), BrowserSteps.sixDigits(sms));
        click("Verify");
        waitForHeading("Create a passkey");
        click("I'll do it later");
        assertBackAtClient();

        chromium.driver.get(node.base() + "/logout");
        waitForHeading("Sign out");
        click("Sign out");
        waitForHeading("You are signed out");
        openLogin(false);
        waitFor("the identifier page: signed out for real", () -> !chromium.driver.findElements(By.id("identifier")).isEmpty());
    }

    /** Seed 002: a second passkey on the same authenticator is refused with a clear message. */
    @Test
    void duplicateAuthenticatorWhenHealingOfferedThenAlreadyRegisteredMessage() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        // Another browser whose authenticator holds the account's passkey (a security key moved over):
        // nothing there names it as broken, so the new passkey would be added and the old one is excluded.
        List<Credential> held = chromium.authenticator.getCredentials();
        freshBrowser();
        held.forEach(chromium.authenticator::addCredential);
        chromium.authenticator.setUserVerified(false);
        failTwiceThenPassword(user);
        waitForHeading("Replace your passkey");
        chromium.authenticator.setUserVerified(true);
        click("Create passkey");
        WebElement alert = waitFor("the duplicate message", () -> {
            List<WebElement> a = chromium.driver.findElements(By.cssSelector("[role=alert][data-code=already_registered]"));
            return a.isEmpty() ? null : a.get(0);
        });
        assertTrue(alert.getText().contains("already"), alert.getText());
    }

    /** Seed 002: at most N passkeys; healing at the limit replaces the least recently used one. */
    @Test
    void limitWhenHealingAtTheLimitThenReplaceLeastRecentlyUsed() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        freshBrowser(); // a browser that never signed in: nothing names the broken passkey, so healing adds
        failTwiceThenPassword(user);
        waitForHeading("Replace your passkey");
        click("Create passkey"); // second passkey: now at the limit of 2
        assertBackAtClient();

        freshBrowser();
        failTwiceThenPassword(user);
        waitForHeading("Replace your passkey");
        click("Create passkey");
        WebElement alert = waitFor("the limit message", () -> {
            List<WebElement> a = chromium.driver.findElements(By.cssSelector("[role=alert][data-code=limit_reached_replace]"));
            return a.isEmpty() ? null : a.get(0);
        });
        assertTrue(alert.getText().contains("maximum number of passkeys"), alert.getText());
        // Issue 11: the message links to the account pages, in a new tab, so this login goes on here.
        String loginTab = chromium.driver.getWindowHandle();
        alert.findElement(By.id("manage-passkeys")).click();
        waitFor("the account pages in a new tab", () -> chromium.driver.getWindowHandles().size() == 2);
        chromium.driver.getWindowHandles().stream().filter(h -> !h.equals(loginTab)).findFirst()
                .ifPresent(h -> chromium.driver.switchTo().window(h));
        waitFor("the account pages (or their sign-in)", () -> chromium.driver.getCurrentUrl().startsWith(node.base() + "/login")
                || chromium.driver.getCurrentUrl().startsWith(node.base() + "/account"));
        chromium.driver.close();
        chromium.driver.switchTo().window(loginTab);
        click("Replace my least recently used passkey");
        assertBackAtClient();
        openLogin(true);
        assertBackAtClient(); // the replacement works
    }

    /** Error catalogue: an unknown or tampered login shows "session expired" with a way forward. */
    @Test
    void sessionExpiredWhenLoginUnknownThenMessage() {
        chromium.driver.get(node.base() + "/login?interaction=tampered");
        WebElement alert = waitForAlert();
        assertTrue(alert.getText().contains("Start again") || chromium.driver.getPageSource().contains("sign in again"));
        assertEquals("Your sign-in session expired · Passgate", chromium.driver.getTitle());
    }

    /** Issue 4: the sample app's journey with a passkey, end to end. */
    @Test
    void sampleAppWhenSignedInWithPasskeyThenProfileShowsPasskeyMethods() throws Exception {
        String user = newUser(true, false);
        chromium.driver.get(node.base() + "/sample-app/profile");
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
        click("Create passkey");
        waitFor("the profile page", () -> chromium.driver.getCurrentUrl().endsWith("/sample-app/profile"));
        assertTrue(chromium.driver.getPageSource().contains("pwd"), "first sign-in: password and code");

        chromium.driver.get(node.base() + "/sample-app/logout");
        waitFor("back on the sample app", () -> chromium.driver.getCurrentUrl().startsWith(node.base() + "/sample-app/"));
        chromium.driver.get(node.base() + "/sample-app/profile");
        waitFor("the profile page after a passkey sign-in", () -> chromium.driver.getCurrentUrl().endsWith("/sample-app/profile")
                && chromium.driver.getPageSource().contains("urn:passgate:acr:phr"));
    }

    /**
     * Issue 10 (1): a page (or a phishing proxy) that reports passkey failures the server never
     * asked for gets no healing offer after the password and code, so no lasting passkey.
     */
    @Test
    void forgedFailureReportsWhenSentBeforeAnyCeremonyThenNoHealingOffer() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        chromium.authenticator.removeAllCredentials(); // keep autofill from signing in by itself
        openLogin(true);
        waitFor("the identifier page", () -> !chromium.driver.findElements(By.id("identifier")).isEmpty());
        for (int i = 0; i < 3; i++) {
            chromium.driver.executeScript("""
                    const d = document.getElementById('ceremony');
                    window.forged = 'pending';
                    fetch('/login/passkey/failure', { method: 'POST', headers: { 'Content-Type': 'application/json',
                        'X-CSRF-Token': d.dataset.csrf }, body: JSON.stringify({ interaction: d.dataset.interaction,
                        ceremony: 'authentication', name: 'NotAllowedError', elapsedMs: 20 }) })
                      .then((r) => { window.forged = r.status; });
                    """);
            waitFor("the forged report's answer", () -> !"pending".equals(String.valueOf(
                    chromium.driver.executeScript("return window.forged;"))));
        }
        type(By.id("identifier"), user);
        click("Use password instead");
        passwordAndEmailCode(user);
        assertBackAtClient(); // straight back: no "Replace your passkey" page
    }

    /**
     * Issue 10 (3): the browser turns the autofill request down at once (as some do when they hold
     * no passkey, and all do when the sheet is dismissed): nothing is shown, the form works.
     */
    @Test
    void autofillRejectedByTheBrowserThenNoAlertAndTheFormStillWorks() throws Exception {
        String user = newUser(true, false);
        beforeEveryPage("""
                window.autofillAsked = 0;
                const get = navigator.credentials.get.bind(navigator.credentials);
                navigator.credentials.get = (o) => {
                  if (o && o.mediation === 'conditional') {
                    window.autofillAsked++;
                    return Promise.reject(new DOMException('dismissed', 'NotAllowedError'));
                  }
                  return get(o);
                };
                """);
        openLogin(false);
        waitFor("the autofill request and its re-arming", () -> ((Number) chromium.driver.executeScript(
                "return window.autofillAsked || 0;")).intValue() >= 2);
        Thread.sleep(500);
        assertTrue(chromium.driver.findElement(By.id("login-alert")).getText().isBlank(), "no error before anyone did anything");

        assertEquals(2L, chromium.driver.executeScript("return window.autofillAsked;"), "re-armed once, not in a loop");
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
    }

    /**
     * Issue 10: immediate mediation where the browser offers it (here announced by the page's
     * environment, as Chromium does not yet): "Sign in with a passkey" before any identifier. A
     * browser that holds a passkey signs in at once; one that refuses leaves the form, quietly.
     */
    @Test
    void immediateMediationWhenOfferedThenOneButtonSignsInOrStepsAside() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        List<Credential> saved = chromium.authenticator.getCredentials();
        chromium.authenticator.removeAllCredentials(); // keep autofill from signing in first
        beforeEveryPage("""
                window.immediateAsked = 0;
                PublicKeyCredential.getClientCapabilities = async () => ({ conditionalGet: false, immediateGet: true,
                  userVerifyingPlatformAuthenticator: true, hybridTransport: false });
                PublicKeyCredential.isConditionalMediationAvailable = async () => false; // no autofill answering first
                const get = navigator.credentials.get.bind(navigator.credentials);
                navigator.credentials.get = (o) => {
                  if (o && o.mediation === 'immediate') {
                    window.immediateAsked++;
                    const { mediation, ...modal } = o; // the sheet: what a browser with immediate mediation shows
                    return window.refuseImmediate ? Promise.reject(new DOMException('no local passkey', 'NotAllowedError'))
                      : get(modal);
                  }
                  return get(o);
                };
                """);
        openLogin(true);
        chromium.driver.executeScript("window.refuseImmediate = true;");
        click("Sign in with a passkey");
        waitFor("the button stepping aside", () -> !chromium.driver.findElement(By.id("immediate-button")).isDisplayed());
        assertTrue(chromium.driver.findElement(By.id("login-alert")).getText().isBlank(), "a refusal shows nothing");
        assertEquals(1L, chromium.driver.executeScript("return window.immediateAsked;"));

        saved.forEach(chromium.authenticator::addCredential);
        openLogin(true);
        waitFor("the immediate button", () -> chromium.driver.findElement(By.id("immediate-button")).isDisplayed());
        // Clicked by script: the sign-in navigates away while the driver's own click is still settling.
        chromium.driver.executeScript("document.getElementById('immediate-button').click();");
        assertBackAtClient();

        // A browser that does not announce it: no button, the page as before.
        freshBrowser();
        beforeEveryPage("""
                PublicKeyCredential.getClientCapabilities = async () => ({ conditionalGet: true, immediateGet: false });
                window.probed = PublicKeyCredential.getClientCapabilities().then(() => true);
                """);
        openLogin(true);
        waitFor("the capability probe", () -> Boolean.TRUE.equals(chromium.driver.executeScript(
                "return document.getElementById('identify-form').elements.probe.value === 'complete';")));
        assertFalse(chromium.driver.findElement(By.id("immediate-button")).isDisplayed());
    }

    /**
     * Issue 10 (7): the form is sent before the capability probe answers (here it never does): the
     * form waits its bounded time and goes with what is known at once (WebAuthn), so a fast typist
     * still gets the passkey, not the password.
     */
    @Test
    void fastTypistWhenTheProbeHasNotAnsweredThenThePasskeyStillStarts() throws Exception {
        String user = newUser(true, false);
        enrol(user);
        List<Credential> saved = chromium.authenticator.getCredentials();
        chromium.authenticator.removeAllCredentials(); // keep autofill from answering first
        beforeEveryPage("""
                PublicKeyCredential.getClientCapabilities = () => new Promise(() => {});
                PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable = () => new Promise(() => {});
                """);
        openLogin(true);
        type(By.id("identifier"), user);
        saved.forEach(chromium.authenticator::addCredential);
        click("Continue");
        assertBackAtClient(); // the passkey page started the ceremony: no password was asked
    }

    /** Issue 10 (6): no WebAuthn in this browser: the password page says why, once. */
    @Test
    void browserWithoutWebAuthnThenPasswordPageSaysPasskeysAreNotSupported() throws Exception {
        String user = newUser(true, false);
        beforeEveryPage("delete window.PublicKeyCredential;");
        openLogin(false);
        typeIdentifier(user);
        WebElement alert = waitForAlert();
        assertEquals("not_supported", alert.getAttribute("data-code"));
        assertTrue(alert.getText().contains("Passkeys not supported here"), alert.getText());
        type(By.id("password"), "wrong password");
        click("Sign in");
        waitFor("the wrong-password message replacing it", () -> "wrong_credentials".equals(
                chromium.driver.findElement(By.id("login-alert")).getAttribute("data-code")));
        type(By.id("password"), PASSWORD);
        click("Sign in");
        type(By.id("code"), emailCode(user + "@example.com"));
        click("Verify");
        assertBackAtClient(); // nothing to offer a browser that cannot make a passkey
    }

    /**
     * Issue 10 (5): set-up errors whose catalogue entry says "Use password instead" (no compatible
     * device, not supported) now offer the way that exists after sign-in, "I'll do it later", which
     * finishes the login; and "Try again" tries again.
     */
    @Test
    void offerPageWhenSetUpNotSupportedThenLaterAndTryAgainBothWork() throws Exception {
        String user = newUser(true, false);
        beforeEveryPage("""
                const create = navigator.credentials.create.bind(navigator.credentials);
                navigator.credentials.create = (o) => window.failCreate
                  ? Promise.reject(new DOMException('no resident key here', 'ConstraintError')) : create(o);
                window.failCreate = true;
                """);
        openLogin(false);
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
        click("Create passkey");
        WebElement alert = waitForAlert();
        assertEquals("no_compatible_device", alert.getAttribute("data-code"), alert.getText());
        assertTrue(chromium.driver.findElements(By.xpath("//div[@id='login-alert']//button[normalize-space()='Use password instead']"))
                .isEmpty(), "no dead button");
        assertFalse(chromium.driver.findElements(By.xpath("//div[@id='login-alert']//button[normalize-space()=\"I'll do it later\"]"))
                .isEmpty(), "the way out after sign-in");
        chromium.driver.executeScript("window.failCreate = false;");
        click("Try again");
        assertBackAtClient();
        assertEquals(1, chromium.authenticator.getCredentials().size(), "Try again made the passkey");

        String other = newUser(true, false);
        freshBrowser();
        beforeEveryPage("""
                navigator.credentials.create = () => Promise.reject(new DOMException('no algorithm', 'NotSupportedError'));
                """);
        openLogin(false);
        typeIdentifier(other);
        passwordAndEmailCode(other);
        waitForHeading("Create a passkey");
        click("Create passkey");
        assertEquals("not_supported", waitForAlert().getAttribute("data-code"));
        chromium.driver.findElement(By.xpath("//div[@id='login-alert']//button[normalize-space()=\"I'll do it later\"]")).click();
        assertBackAtClient();
        assertEquals(0, chromium.authenticator.getCredentials().size());
    }

    /** Issue 8 (10): a browser app on its own origin exchanges its code and reads userinfo with fetch (CORS). */
    @Test
    void browserAppWhenOnItsOwnOriginThenExchangesTheCodeWithFetch() throws Exception {
        String user = newUser(true, false);
        chromium.driver.get("http://localhost:" + Integer.getInteger("it.receiverPort") + "/spa");
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
        click("I'll do it later");
        WebElement out = waitFor("the app's result", () -> {
            List<WebElement> found = chromium.driver.findElements(By.id("out"));
            return found.isEmpty() || found.get(0).getText().equals("starting") ? null : found.get(0);
        });
        assertEquals("token 200 id_token userinfo 200 " + user, out.getText());
    }

    /** Issue 7: a theme directory overrides the logo and one template; the login works with them. */
    @Test
    void themeWhenLogoAndFooterOverriddenThenSignInShowsBothAndTheFooterLinkWorks() throws Exception {
        String user = newUser(true, false);
        openLogin(false);
        WebElement logo = waitFor("the logo", () -> chromium.driver.findElement(By.cssSelector("header img.logo")));
        Object loaded = chromium.driver.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;", logo);
        assertEquals(Boolean.TRUE, loaded, "the theme's logo loads under the CSP");
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
        assertTrue(chromium.driver.findElement(By.linkText("Acme help centre")).isDisplayed(), "the theme's footer");
        click("I'll do it later");
        assertBackAtClient();

        chromium.driver.get(node.base() + "/assets/logo.svg");
        assertTrue(chromium.driver.getPageSource().contains(THEME_LOGO), "the logo is the theme's, not the built-in one");
        openLogin(true); // signed in already: prompt=login shows the login page again
        chromium.driver.findElement(By.linkText("Acme help centre")).click();
        waitForHeading("Acme help centre");
    }

    /** Issue 7: ui_locales=de gives German labels, a German error from the catalogue and a German code email. */
    @Test
    void germanWhenUiLocalesIsDeThenGermanPagesErrorAndEmail() throws Exception {
        String user = newUser(true, false);
        Map<String, String> params = OidcFlowIT.request("web", CLIENT_CB);
        params.put("ui_locales", "de-CH en");
        chromium.driver.get(node.base() + "/authorize?" + Browser.form(params));
        waitForHeading("Anmelden");
        assertEquals("E-Mail oder Benutzername", chromium.driver.findElement(By.cssSelector("label[for=identifier]")).getText());
        assertEquals("de", chromium.driver.findElement(By.tagName("html")).getAttribute("lang"));
        type(By.id("identifier"), user);
        click("Weiter");
        waitForHeading("Passwort eingeben");
        type(By.id("password"), "not the password");
        click("Anmelden");
        WebElement alert = waitFor("the German error", () -> {
            List<WebElement> a = chromium.driver.findElements(By.cssSelector("[role=alert][data-code=wrong_credentials]"));
            return a.isEmpty() ? null : a.get(0);
        });
        assertTrue(alert.getText().startsWith("Anmeldung fehlgeschlagen."), alert.getText());
        type(By.id("password"), PASSWORD);
        click("Anmelden");
        MimeMessage email = waitFor("the code email", () -> {
            MimeMessage[] m = mail.getReceivedMessagesForDomain(user + "@example.com");
            return m.length == 0 ? null : m[m.length - 1];
        });
        assertEquals("Ihr Passgate-Bestätigungscode", email.getSubject());
        type(By.id("code"), emailCode(user + "@example.com"));
        click("Bestätigen");
        waitForHeading("Passkey erstellen");
        click("Später");
        assertBackAtClient();
    }

    // --- helpers --------------------------------------------------------------------------------------

    private String newUser(boolean email, boolean phone) throws Exception {
        String name = "b" + Long.toHexString(System.nanoTime());
        String id = provider.createUser(name, name + "@example.com", PASSWORD);
        if (!email || phone) {
            String ops = (email ? "" : "{\"op\":\"remove\",\"path\":\"emails\"},")
                    + "{\"op\":\"replace\",\"path\":\"phoneNumbers\",\"value\":[{\"value\":\"+41 44 668 18 00\"}]}";
            var r = provider.scim("PATCH", "/scim/v2/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[" + ops + "]}", provider.serviceToken("scim"));
            assertEquals(200, r.statusCode(), r.body());
        }
        return name;
    }

    /**
     * The account's events of these types as an auditor exports them (oldest first), each as "type outcome"
     * cut to its stable part: the outcome up to and including its first ':' ("START:" for "START:SYNCED_..."),
     * the amr's first value for a sign-in.
     */
    private List<String> journey(String user, List<String> types) throws Exception {
        Browser reader = new AccountSteps(node.base(), provider, mail).auditor(PASSWORD);
        var export = reader.get(node.base() + "/admin/audit/export?user=" + user);
        assertEquals(200, export.statusCode(), export.body());
        return export.body().lines().map(Provider::json).filter(e -> types.contains(e.getString("type"))).map(e -> {
            String outcome = e.getString("outcome", "");
            String stable = e.getString("type").equals("login.success") ? outcome.split(" ")[0]
                    : outcome.contains(":") ? outcome.substring(0, outcome.indexOf(':') + 1)
                    : outcome;
            return (e.getString("type") + " " + stable).strip();
        }).toList();
    }

    private void openLogin(boolean forceLogin) {
        Map<String, String> params = OidcFlowIT.request("web", CLIENT_CB);
        if (forceLogin) {
            params.put("prompt", "login");
        }
        chromium.driver.get(node.base() + "/authorize?" + Browser.form(params));
    }

    private void typeIdentifier(String user) {
        type(By.id("identifier"), user);
        click("Continue");
    }

    private void passwordAndEmailCode(String user) throws Exception {
        type(By.id("password"), PASSWORD);
        click("Sign in");
        type(By.id("code"), emailCode(user + "@example.com"));
        click("Verify");
    }

    private void failTwiceThenPassword(String user) throws Exception {
        openLogin(true);
        typeIdentifier(user);
        waitForHeading("Sign in with a passkey");
        startPasskeyIfOffered();
        waitForAlert();
        click("Try again");
        waitFor("the password page", () -> !chromium.driver.findElements(By.id("password")).isEmpty());
        passwordAndEmailCode(user);
    }

    /** Passkey intelligence may offer the passkey as a button rather than start it: press it then. */
    private void startPasskeyIfOffered() {
        waitFor("the passkey page's script", () -> !chromium.driver.findElements(By.id("ceremony")).isEmpty());
        String mode;
        try {
            mode = chromium.driver.findElement(By.id("ceremony")).getAttribute("data-mode");
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException movedOn) {
            return; // the ceremony started by itself and the page has moved on already: nothing to press
        }
        if ("button".equals(mode)) {
            click("Sign in with a passkey");
        }
    }

    /** The same person on a browser that never signed in here: no cookies, an empty authenticator. */
    private void freshBrowser() throws IOException {
        chromium.close();
        chromium = Chromium.start();
    }

    /** Runs {@code script} in every page this browser opens from now on, before the page's own scripts. */
    private void beforeEveryPage(String script) {
        chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** First login with a passkey created at the end. */
    private void enrol(String user) throws Exception {
        openLogin(false);
        typeIdentifier(user);
        passwordAndEmailCode(user);
        waitForHeading("Create a passkey");
        click("Create passkey");
        assertBackAtClient();
    }

    private String emailCode(String address) throws Exception {
        return steps.emailCode(address);
    }

    private void assertBackAtClient() {
        waitFor("the redirect back to the client with a code",
                () -> chromium.driver.getCurrentUrl().startsWith(CLIENT_CB) && chromium.driver.getCurrentUrl().contains("code="));
    }

    private void waitForHeading(String text) {
        steps.waitForHeading(text);
    }

    private WebElement waitForAlert() {
        return steps.waitForAlert();
    }

    private void type(By field, String text) {
        steps.type(field, text);
    }

    private void click(String buttonName) {
        steps.click(buttonName);
    }

    private <T> T waitFor(String what, Supplier<T> probe) {
        return steps.waitFor(what, probe);
    }

    private <T> T waitFor(Duration timeout, String what, Supplier<T> probe) {
        return steps.waitFor(timeout, what, probe);
    }
}
