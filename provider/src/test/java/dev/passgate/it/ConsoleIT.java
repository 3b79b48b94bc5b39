package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.passgate.passkey.TestAuthenticator;
import jakarta.json.JsonObject;

/**
 * Issue 12 (part 1): the support console on the deployed WAR. The first admin comes from
 * {@code passgate.admin.bootstrap-user} (the node is restarted once the account exists, as an operator
 * would), the other roles through SCIM. Every route and action is tried with every role and with none;
 * each action is checked in the audit trail (with the agent and the reason, on the person's page) and,
 * where it changes the account, in the notice GreenMail receives; the recovery link is followed to a new
 * password, refused the second time and after it expires; and a real Chromium finds a person, resets
 * their passkeys and sees the event.
 */
class ConsoleIT {
    static final String PASSWORD = "console test password";
    static final Duration LINK_TTL = Duration.ofSeconds(8);

    static PayaraNode node;
    static GreenMail mail;
    static Provider provider;
    static String base;
    static Path dir;
    static Map<String, String> config;
    static AccountSteps steps;

    @BeforeAll
    static void start() throws Exception {
        int port = Integer.getInteger("it.consolePort");
        int smtpPort = Integer.getInteger("it.consoleSmtp");
        mail = new GreenMail(new ServerSetup(smtpPort, "localhost", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/console");
        Files.createDirectories(dir);
        config = Map.ofEntries(
                Map.entry("passgate.issuer", "http://localhost:" + port),
                Map.entry("passgate.clients-file", Path.of(System.getProperty("it.war")).getParent()
                        .resolve("test-classes/it-clients.json").toString()),
                Map.entry("passgate.db.url", "jdbc:h2:file:" + dir.resolve("data/passgate-" + System.currentTimeMillis())),
                Map.entry("passgate.demo-user", "false"),
                Map.entry("passgate.admin.bootstrap-user", "boss"),
                Map.entry("passgate.support.recovery-link-ttl", "PT" + LINK_TTL.toSeconds() + "S"),
                Map.entry("passgate.mail.smtp.host", "localhost"),
                Map.entry("passgate.mail.smtp.port", String.valueOf(smtpPort)),
                Map.entry("passgate.mail.smtp.starttls", "false"));
        node = PayaraNode.start("console", port, config);
        assertTrue(node.awaitReady(Duration.ofSeconds(150)), node::log);
        base = node.base();
        provider = new Provider(base);
        steps = new AccountSteps(base, provider, mail);
        provider.createUser("boss", "boss@example.com", PASSWORD);
        node.close(); // the operator sets passgate.admin.bootstrap-user for an account that exists, and restarts
        node = PayaraNode.start("console", port, config);
        assertTrue(node.awaitReady(Duration.ofSeconds(150)), node::log);
        assertTrue(node.log().contains("Account 'boss' is an admin of the support console"), "bootstrapped");
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

    // --- access --------------------------------------------------------------------------------------------

    /**
     * Who gets what: one row per route or action, one column per role (none, auditor, support, admin). Each agent
     * acts on a target of its own, so one column's changes do not decide the next one's answers.
     */
    @Test
    void accessWhenEachRoleTriesEveryRouteAndActionThenOnlyWhatItsRoleAllows() throws Exception {
        Map<String, Browser> agents = new LinkedHashMap<>();
        agents.put("none", signedIn(newUser("plain-" + suffix(), List.of())));
        agents.put("auditor", signedIn(newUser("auditor-" + suffix(), List.of("auditor"))));
        agents.put("support", signedIn(newUser("support-" + suffix(), List.of("support"))));
        agents.put("admin", signedIn("boss"));

        record Row(String what, String method, String path, Map<String, String> form, int[] expected) {
        }
        List<String> wrong = new ArrayList<>();
        int column = 0;
        for (Map.Entry<String, Browser> agent : agents.entrySet()) {
            String target = newUser("target-" + suffix(), List.of());
            String t = idOf(target);
            List<Row> table = List.of(
                    new Row("home", "GET", "/admin", Map.of(), new int[] {403, 200, 200, 200}),
                    new Row("audit trail", "GET", "/admin/audit", Map.of(), new int[] {403, 200, 403, 200}),
                    new Row("audit export", "GET", "/admin/audit/export", Map.of(), new int[] {403, 200, 403, 200}),
                    new Row("reports", "GET", "/admin/reports", Map.of(), new int[] {403, 200, 403, 200}),
                    new Row("report CSV", "GET", "/admin/reports/export?chart=sign-ins", Map.of(), new int[] {403, 200, 403, 200}),
                    new Row("find", "GET", "/admin/users?q=" + target, Map.of(), new int[] {403, 403, 200, 200}),
                    new Row("person", "GET", "/admin/user?id=" + t, Map.of(), new int[] {403, 403, 200, 200}),
                    new Row("unlock", "POST", "/admin/user/unlock", Map.of("id", t, "reason", "locked out"),
                            new int[] {403, 403, 303, 303}),
                    new Row("end sessions", "POST", "/admin/user/end-sessions", Map.of("id", t, "reason", "lost phone"),
                            new int[] {403, 403, 303, 303}),
                    new Row("reset passkeys", "POST", "/admin/user/reset-passkeys", Map.of("id", t, "reason", "new phone"),
                            new int[] {403, 403, 303, 303}),
                    new Row("recovery link", "POST", "/admin/user/recovery-link", Map.of("id", t, "reason", "checked ID"),
                            new int[] {403, 403, 200, 200}),
                    new Row("force password change", "POST", "/admin/user/force-password-change", Map.of("id", t,
                            "reason", "password on a sticky note"), new int[] {403, 403, 303, 303}),
                    new Row("deactivate", "POST", "/admin/user/deactivate", Map.of("id", t, "reason", "left"),
                            new int[] {403, 403, 303, 303}),
                    new Row("reactivate", "POST", "/admin/user/reactivate", Map.of("id", t, "reason", "back"),
                            new int[] {403, 403, 403, 303}),
                    new Row("assign roles", "POST", "/admin/user/assign-roles", Map.of("id", t, "reason", "new hire",
                            "role", "support"), new int[] {403, 403, 403, 303}));
            String csrf = consoleCsrf(agent.getValue(), t);
            for (Row row : table) {
                HttpResponse<String> r;
                if (row.method().equals("GET")) {
                    r = agent.getValue().get(base + row.path());
                } else {
                    Map<String, String> form = new LinkedHashMap<>(row.form());
                    form.put("csrf", csrf);
                    r = agent.getValue().post(base + row.path(), form);
                }
                int expected = row.expected()[column];
                boolean ok = r.statusCode() == expected && (expected != 303 || !Browser.location(r).getQuery().contains("error="));
                if (!ok) {
                    wrong.add(agent.getKey() + " " + row.what() + ": " + r.statusCode()
                            + (r.statusCode() == 303 ? " → " + Browser.location(r) : "") + ", expected " + expected);
                }
                if (r.statusCode() == 403) {
                    assertTrue(r.body().contains("Not for your role"), "the refusal says why and where to go: " + r.body());
                    assertFalse(r.body().contains(target + "@example.com"), "nothing of the person is shown");
                }
                assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), "never in a frame");
            }
            column++;
        }
        assertEquals(List.of(), wrong);
        HttpResponse<String> signedOut = new Browser().get(base + "/admin");
        assertEquals(303, signedOut.statusCode(), "a visitor is sent to sign in first");
        assertTrue(Browser.location(signedOut).getPath().endsWith("/authorize"), Browser.location(signedOut).toString());

        Browser admin = agents.get("admin");
        String bossId = idOf("boss");
        HttpResponse<String> own = admin.post(base + "/admin/user/assign-roles", Map.of("id", bossId,
                "reason", "promote myself", "csrf", consoleCsrf(admin, bossId), "role", "auditor"));
        assertEquals("id=" + bossId + "&error=own_account", Browser.location(own).getQuery(), "never one's own roles");
        Browser support = agents.get("support");
        HttpResponse<String> onStaff = support.post(base + "/admin/user/recovery-link", Map.of("id", bossId,
                "reason", "says he lost his phone", "csrf", consoleCsrf(support, bossId)));
        assertEquals("id=" + bossId + "&error=privileged", Browser.location(onStaff).getQuery(),
                "support never makes a recovery link (or resets passkeys) for staff: that would be a way to become admin");
        HttpResponse<String> accountsToken = support.post(base + "/admin/user/unlock", Map.of("id", bossId, "reason", "typo",
                "csrf", csrf(support.get(base + "/account"))));
        assertEquals("id=" + bossId + "&error=expired", Browser.location(accountsToken).getQuery(),
                "an account page's token drives no console action");
        HttpResponse<String> oneLetter = support.get(base + "/admin/users?q=t");
        assertTrue(oneLetter.body().contains("id=\"none-found\""), "a letter or two lists nobody");
    }

    /** The trail by time, type, account and client; the export holds every match as JSON Lines. */
    @Test
    void auditWhenFilteredThenOnlyThoseAndTheExportHoldsEveryMatchAsJsonLines() throws Exception {
        String person = newUser("audited-" + suffix(), List.of());
        signedIn(person); // identify, password, code, success: each an event of this login, for the account client
        Browser auditor = signedIn(newUser("reader-" + suffix(), List.of("auditor")));
        String page = auditor.get(base + "/admin/audit?user=" + person).body();
        assertTrue(page.contains("data-type=\"login.success\"") && page.contains("data-type=\"password.success\""), page);
        assertTrue(page.contains("passgate-account"), "the client is named");
        assertFalse(page.contains("data-type=\"support.viewed\""), "only this account's events");
        String onlySuccess = auditor.get(base + "/admin/audit?user=" + person + "&type=login.success").body();
        assertFalse(onlySuccess.contains("data-type=\"password.success\""), "the type filter holds");
        HttpResponse<String> export = auditor.get(base + "/admin/audit/export?user=" + person);
        assertEquals(200, export.statusCode());
        assertEquals("application/x-ndjson", export.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        List<String> lines = export.body().lines().toList();
        assertTrue(lines.size() >= 3, export.body());
        for (String line : lines) {
            JsonObject json = Provider.json(line);
            assertEquals(idOf(person), json.getString("account"));
            assertTrue(json.containsKey("time") && json.containsKey("type") && json.containsKey("node"), line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"client\":\"passgate-account\"") && l.contains("\"login\":\"")
                && l.contains("\"network\":\"")), "login, client and network: " + export.body());
        HttpResponse<String> bad = auditor.get(base + "/admin/audit?from=yesterday");
        assertTrue(bad.body().contains("data-code=\"filter\""), "a filter that does not read says so");
        assertEquals(URI.create(base + "/admin/audit?error=filter"), Browser.location(auditor.get(base
                + "/admin/audit/export?from=2026-12-01&to=2025-01-01")));
    }

    // --- actions, audit, notices ----------------------------------------------------------------------------

    @Test
    void actionsWhenSupportHelpsThenEachIsAuditedWithItsReasonAndThePersonIsTold() throws Exception {
        String target = newUser("helped-" + suffix(), List.of());
        String targetId = idOf(target);
        Browser person = signedIn(target);
        addPasskey(person, new TestAuthenticator());
        Browser agent = signedIn(newUser("agent-" + suffix(), List.of("support")));
        String csrf = consoleCsrf(agent, targetId);

        HttpResponse<String> noReason = agent.post(base + "/admin/user/reset-passkeys", Map.of("id", targetId, "reason", "  ",
                "csrf", csrf));
        assertTrue(Browser.location(noReason).getQuery().endsWith("error=no_reason"), "a reason is required");
        assertTrue(agent.get(base + "/admin/user?id=" + targetId).body().contains("class=\"passkey\""), "nothing was changed");

        act(agent, csrf, "reset-passkeys", targetId, "lost her phone, called from the number on file");
        String page = agent.get(base + "/admin/user?id=" + targetId).body();
        assertTrue(page.contains("id=\"no-passkeys\""), "every passkey removed");
        assertTrue(page.contains("support.reset-passkeys") && page.contains("lost her phone, called from the number on file")
                && page.contains("deleted=1"), "audited with the agent and the reason: " + page);
        assertTrue(mailWithSubject(target, "Your passkeys were reset").contains("offered a new passkey"));

        act(agent, csrf, "end-sessions", targetId, "suspects a shared computer");
        assertEquals(303, person.get(base + "/account").statusCode(), "the person's session ended");
        assertTrue(mailWithSubject(target, "You were signed out everywhere").contains("ended every sign-in"));

        act(agent, csrf, "deactivate", targetId, "reported stolen");
        assertTrue(agent.get(base + "/admin/user?id=" + targetId).body().contains("id=\"state\">deactivated<"));
        assertTrue(mailWithSubject(target, "Your account was deactivated").contains("Nobody can sign in"));
        Browser admin = signedIn("boss"); // undoing a deactivation is an admin's call
        act(admin, consoleCsrf(admin, targetId), "reactivate", targetId, "found again");
        assertTrue(mailWithSubject(target, "Your account was reactivated").contains("sign in again"));

        // Six wrong passwords slow the account down; support lifts it.
        for (int i = 0; i < 6; i++) {
            Browser b = new Browser();
            provider.submitPassword(b, provider.passwordPage(b, b.follow(b.follow(b.get(base + "/account"))), target), "wrong " + i);
        }
        assertTrue(agent.get(base + "/admin/user?id=" + targetId).body().contains("Password tries slowed down"));
        act(agent, csrf, "unlock", targetId, "typed an old password");
        page = agent.get(base + "/admin/user?id=" + targetId).body();
        assertTrue(page.contains("id=\"locks\">none<"), "locks lifted: " + page);
        for (String type : List.of("support.reset-passkeys", "support.end-sessions", "support.deactivate", "support.reactivate",
                "support.unlock")) {
            assertTrue(page.contains("data-type=\"" + type + "\""), type + " is in the trail");
        }
    }

    @Test
    void forcePasswordChangeWhenAskedThenTheNextSignInStopsForANewPasswordAndEverySignInBeforeEnds() throws Exception {
        String target = newUser("renew-" + suffix(), List.of());
        String targetId = idOf(target);
        Browser before = signedIn(target);
        Browser agent = signedIn(newUser("asker-" + suffix(), List.of("support")));
        act(agent, consoleCsrf(agent, targetId), "force-password-change", targetId, "password seen on a sticky note");
        assertTrue(mailWithSubject(target, "You will be asked for a new password").contains("choose one before you continue"));
        String card = agent.get(base + "/admin/user?id=" + targetId).body();
        assertTrue(card.contains("a new one is asked for at the next sign-in") && !card.contains("id=\"force-password-change\""),
                "the page says so and offers the action no more: " + card);
        assertEquals(303, before.get(base + "/account").statusCode(), "every sign-in made with the doubted password ends now");

        Browser person = new Browser();
        HttpResponse<String> asked = toNewPassword(person, target);
        Browser parked = new Browser(); // someone else who knows the old password, waiting at the same page
        HttpResponse<String> parkedPage = toNewPassword(parked, target);
        String interaction = Browser.hidden(asked.body(), "interaction");
        String loginCsrf = Browser.hidden(asked.body(), "csrf");
        HttpResponse<String> same = person.post(base + "/login/new-password", Map.of("interaction", interaction, "csrf", loginCsrf,
                "password", PASSWORD, "repeat", PASSWORD));
        assertTrue(same.body().contains("data-code=\"new_password_same\""), "the doubted password is no answer: " + same.body());
        HttpResponse<String> common = person.post(base + "/login/new-password", Map.of("interaction", interaction, "csrf", loginCsrf,
                "password", "qwertyuiop", "repeat", "qwertyuiop"));
        assertEquals(400, common.statusCode(), () -> common.statusCode() + " " + common.headers().map() + common.body());
        assertTrue(common.body().contains("data-code=\"new_password_common\"") && common.body().contains("Nothing was changed"),
                common.body());
        HttpResponse<String> forged = person.post(base + "/login/new-password", Map.of("interaction", interaction, "csrf", "forged",
                "password", "granite window orchard", "repeat", "granite window orchard"));
        assertTrue(forged.statusCode() == 403 || forged.statusCode() == 400, "a forged form sets nothing: " + forged.statusCode());
        HttpResponse<String> done = person.post(base + "/login/new-password", Map.of("interaction", interaction, "csrf", loginCsrf,
                "password", "granite window orchard", "repeat", "granite window orchard"));
        for (int hops = 0; hops < 4 && done.statusCode() == 303 && !Browser.location(done).getPath().equals("/account"); hops++) {
            done = person.follow(done);
        }
        assertEquals(URI.create(base + "/account"), Browser.location(done), "then on to where the person was going");
        assertEquals(200, person.follow(done).statusCode());
        assertTrue(mailWithSubject(target, "Your password was changed").contains("Your other sign-ins were ended"));
        HttpResponse<String> late = parked.post(base + "/login/new-password", Map.of(
                "interaction", Browser.hidden(parkedPage.body(), "interaction"), "csrf", Browser.hidden(parkedPage.body(), "csrf"),
                "password", "another fine password", "repeat", "another fine password"));
        assertEquals(400, late.statusCode(), "the other login that passed the old password ended: " + late.body());
        assertTrue(late.body().contains("sign-in session expired"), late.body());
        steps.signedIn(new Browser(), target, "granite window orchard"); // asked once: the next sign-in goes straight through
        String after = agent.get(base + "/admin/user?id=" + targetId).body();
        for (String type : List.of("support.force-password-change", "login.new_password_asked", "account.password_changed")) {
            assertTrue(after.contains("data-type=\"" + type + "\""), type + " is in the trail: " + after);
        }
        HttpResponse<String> passkeyOnly = agent.post(base + "/admin/user/force-password-change", Map.of("id",
                idOf(newPasskeyOnlyUser()), "reason", "asked", "csrf", consoleCsrf(agent, targetId)));
        assertTrue(Browser.location(passkeyOnly).getQuery().endsWith("error=no_password"), "nothing to replace");
    }

    @Test
    void recoveryLinkWhenHandedOverThenOnceToANewPasswordAndNotAfterItExpires() throws Exception {
        String target = newUser("link-" + suffix(), List.of());
        String targetId = idOf(target);
        Browser agent = signedIn(newUser("linker-" + suffix(), List.of("support")));
        String csrf = consoleCsrf(agent, targetId);
        HttpResponse<String> shown = agent.post(base + "/admin/user/recovery-link", Map.of("id", targetId, "reason",
                "lost every passkey and the phone; ID checked by video call", "csrf", csrf));
        assertEquals(200, shown.statusCode(), shown.body());
        assertEquals("no-store", shown.headers().firstValue("Cache-Control").orElse(""));
        String older = shownLink(shown.body());
        assertTrue(older.startsWith(base + "/recover/link?token="), older);
        assertTrue(mailWithSubject(target, "A recovery link was made for your account").contains("checking who you are"));

        // A newer link ends the older one: one live link per account.
        String link = shownLink(agent.post(base + "/admin/user/recovery-link", Map.of("id", targetId, "reason",
                "lost every passkey and the phone; ID checked by video call again", "csrf", csrf)).body());
        assertEquals(URI.create(base + "/recover?error=link"), Browser.location(openLink(new Browser(), older)), "ended");

        Browser person = new Browser();
        HttpResponse<String> linkPage = person.get(link);
        assertEquals(200, linkPage.statusCode());
        new Browser().get(link); // a chat's link preview fetches it too: that must not use it
        String token = Browser.hidden(linkPage.body(), "token");
        HttpResponse<String> forged = person.post(base + "/recover/link", Map.of("token", token, "csrf", "from-another-site"));
        assertEquals(URI.create(link), Browser.location(forged), "a form not from our page uses nothing: back to the link's page");
        HttpResponse<String> opened = person.post(base + "/recover/link", Map.of("token", token,
                "csrf", Browser.hidden(linkPage.body(), "csrf")));
        assertEquals(URI.create(base + "/recover/password"), Browser.location(opened));
        String form = person.get(base + "/recover/password").body();
        HttpResponse<String> done = person.post(base + "/recover/password", Map.of("csrf", Browser.hidden(form, "csrf"),
                "password", "granite window orchard", "repeat", "granite window orchard"));
        assertEquals(URI.create(base + "/account?notice=recovered"), Browser.location(done));
        assertEquals(200, person.follow(done).statusCode(), "signed in, offered a new passkey");
        assertEquals(URI.create(base + "/recover?error=link"), Browser.location(openLink(new Browser(), link)), "used once");

        HttpResponse<String> second = agent.post(base + "/admin/user/recovery-link", Map.of("id", targetId, "reason",
                "asked again", "csrf", csrf));
        String expiring = shownLink(second.body());
        Thread.sleep(LINK_TTL.plusSeconds(1).toMillis());
        HttpResponse<String> late = openLink(new Browser(), expiring);
        assertEquals(URI.create(base + "/recover?error=link"), Browser.location(late), "expired");
        assertTrue(new Browser().follow(late).body().contains("Ask your support team for a new one"));
        String page = agent.get(base + "/admin/user?id=" + targetId).body();
        assertTrue(page.contains("data-type=\"support.recovery-link\"") && page.contains("ID checked by video call"));
    }

    // --- in a real browser ------------------------------------------------------------------------------------

    @Test
    void browserWhenSupportFindsAPersonAndResetsTheirPasskeysThenTheEventIsShown() throws Exception {
        String target = newUser("browsed-" + suffix(), List.of());
        addPasskey(signedIn(target), new TestAuthenticator());
        String agent = newUser("chromium-agent-" + suffix(), List.of("support"));
        try (Chromium chromium = Chromium.start()) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                consoleSignIn(chromium, steps, agent);
                steps.type(By.id("q"), target);
                steps.click("Find");
                steps.waitFor("the person in the list", () -> chromium.driver.findElements(By.cssSelector("a[data-username='" + target + "']"))
                        .stream().findFirst().orElse(null)).click();
                steps.waitForHeading(target);
                steps.type(By.id("reason-reset"), "new phone, old passkey gone");
                steps.click("Reset passkeys");
                var notice = steps.waitFor("the notice", () -> chromium.driver.findElements(By.id("console-notice")).stream()
                        .findFirst().orElse(null));
                assertTrue(notice.getText().contains("Every passkey was removed"), notice.getText());
                assertFalse(chromium.driver.findElements(By.id("no-passkeys")).isEmpty());
                assertTrue(chromium.driver.findElement(By.id("events")).getText().contains("new phone, old passkey gone"));
                // Every other button support has, each with its reason, as an agent clicks it.
                clickAction(chromium, steps, "reason-unlock", "Lift locks", "typed an old password", "were lifted");
                clickAction(chromium, steps, "reason-end", "Sign out everywhere", "suspects a shared computer", "was ended");
                clickAction(chromium, steps, "reason-password", "Ask for a new password at next sign-in", "password on a note",
                        "asks for a new password");
                steps.type(By.id("reason-link"), "lost every passkey; ID checked by video call");
                steps.click("Make a recovery link");
                String link = steps.waitFor("the link, shown once", () -> chromium.driver.findElements(By.id("recovery-link"))
                        .stream().findFirst().orElse(null)).getAttribute("value");
                chromium.driver.findElement(By.id("back-to-person")).click();
                steps.waitForHeading(target);
                clickAction(chromium, steps, "reason-state", "Deactivate", "reported stolen", "was deactivated");
                chromium.driver.findElement(By.id("back-home")).click();
                steps.waitForHeading("Support console");
                steps.type(By.id("q"), target);
                steps.click("Find");
                steps.waitFor("the list", () -> chromium.driver.findElements(By.id("back-home")).stream().findFirst().orElse(null)).click();
                steps.waitForHeading("Support console");
                chromium.driver.findElement(By.id("to-account")).click();
                steps.waitFor("the account page", () -> chromium.driver.getCurrentUrl().startsWith(base + "/account"));

                // The person opens the link support handed over: one button; the account was deactivated since, so it
                // leads nowhere and says why.
                try (Chromium person = Chromium.start()) {
                    person.driver.get(link);
                    person.driver.findElement(By.id("use-link")).click();
                    BrowserSteps personSteps = new BrowserSteps(() -> person, mail);
                    personSteps.waitFor("the refusal", () -> person.driver.getCurrentUrl().contains("/recover?error=link") ? Boolean.TRUE : null);
                }
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("ConsoleIT-browser");
                throw e;
            }
        }
        // An admin's buttons: reactivate, and roles.
        try (Chromium chromium = Chromium.start()) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                consoleSignIn(chromium, steps, "boss");
                chromium.driver.get(base + "/admin/user?id=" + idOf(target));
                steps.waitForHeading(target);
                clickAction(chromium, steps, "reason-state", "Reactivate", "found again", "was reactivated");
                chromium.driver.findElement(By.id("role-auditor")).click();
                clickAction(chromium, steps, "reason-roles", "Save roles", "joins the audit team", "roles were saved");
                assertTrue(chromium.driver.findElement(By.id("role-auditor")).isSelected());
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("ConsoleIT-admin");
                throw e;
            }
        }
    }

    /**
     * The reports page in a real browser: its charts hold what the trail holds. The sign-ins by method are counted
     * again here from the JSON Lines export of the same days, and each chart's CSV says the same as its bars.
     */
    @Test
    void browserReportsWhenOpenedThenTheChartsShowWhatTheTrailHolds() throws Exception {
        Browser auditor = signedIn(newUser("analyst-" + suffix(), List.of("auditor")));
        String chromiumAuditor = newUser("chromium-analyst-" + suffix(), List.of("auditor"));
        try (Chromium chromium = Chromium.start()) {
            BrowserSteps steps = new BrowserSteps(() -> chromium, mail);
            try {
                consoleSignIn(chromium, steps, chromiumAuditor);
                chromium.driver.findElement(By.id("to-reports")).click();
                steps.waitForHeading("Passkey reports");

                String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
                long codeSignIns = auditor.get(base + "/admin/audit/export?type=login.success&from=" + today.substring(0, 8) + "01&to="
                        + today).body().lines().filter(l -> l.contains("\"outcome\":\"pwd otp mfa\"")).count();
                chromium.driver.get(base + "/admin/reports?from=" + today.substring(0, 8) + "01&to=" + today);
                steps.waitForHeading("Passkey reports");
                var bar = chromium.driver.findElement(By.cssSelector("#chart-sign-ins g[data-label='password and code']"));
                assertEquals(String.valueOf(codeSignIns), bar.getAttribute("data-value"),
                        "the chart counts what the trail holds");
                assertTrue(codeSignIns >= 2, "this test's own sign-ins are among them");
                assertFalse(chromium.driver.findElements(By.cssSelector("#chart-sign-ins svg rect")).isEmpty(), "drawn as bars");
                assertTrue(chromium.driver.findElement(By.id("adoption")).getText().matches("\\d+ % \\(\\d+ of \\d+\\)"),
                        chromium.driver.findElement(By.id("adoption")).getText());
                String csv = auditor.get(base + "/admin/reports/export?chart=sign-ins&from=" + today.substring(0, 8) + "01&to="
                        + today).body();
                assertTrue(csv.startsWith("label,value") && csv.contains("\"password and code\"," + codeSignIns), csv);
                String reports = chromium.driver.getCurrentUrl();
                for (WebElement csvLink : chromium.driver.findElements(By.cssSelector("a[id^='csv-']"))) {
                    csvLink.click(); // a download: the page stays
                }
                assertEquals(reports, chromium.driver.getCurrentUrl());
                assertFalse(chromium.driver.findElements(By.cssSelector("a[id^='csv-']")).isEmpty());
                chromium.driver.findElement(By.id("back-home")).click();
                steps.waitForHeading("Support console");
                chromium.driver.findElement(By.id("to-audit")).click();
                steps.waitForHeading("Audit trail");
                chromium.driver.findElement(By.id("type")).sendKeys("login.success");
                chromium.driver.findElement(By.id("show")).click();
                steps.waitFor("filtered rows", () -> chromium.driver.findElements(By.cssSelector("#events tbody tr")).stream()
                        .allMatch(r -> "login.success".equals(r.getAttribute("data-type"))) ? Boolean.TRUE : null);
                assertTrue(chromium.driver.findElement(By.id("export")).getAttribute("href").contains("type=login.success"));
                String audit = chromium.driver.getCurrentUrl();
                chromium.driver.findElement(By.id("export")).click(); // a download: the page stays
                assertEquals(audit, chromium.driver.getCurrentUrl());
            } catch (AssertionError | RuntimeException e) {
                chromium.screenshot("ConsoleIT-reports");
                throw e;
            }
        }
    }

    /** Types the reason, clicks the action's button, waits for the notice that says it was done. */
    private static void clickAction(Chromium chromium, BrowserSteps steps, String reasonField, String button, String reason,
                                    String noticeSays) {
        steps.type(By.id(reasonField), reason);
        steps.click(button);
        var notice = steps.waitFor("the notice of " + button, () -> chromium.driver.findElements(By.id("console-notice")).stream()
                .filter(n -> n.getText().contains(noticeSays)).findFirst().orElse(null));
        assertTrue(chromium.driver.findElement(By.id("events")).getText().contains(reason), "audited with its reason: " + notice.getText());
    }

    /** In Chromium: the console, its sign-in (password and emailed code, the passkey offer put off), back at the console. */
    private static void consoleSignIn(Chromium chromium, BrowserSteps steps, String user) throws Exception {
        chromium.authenticator.removeAllCredentials();
        chromium.driver.get(base + "/admin");
        steps.type(By.id("identifier"), user);
        steps.click("Continue");
        steps.type(By.id("password"), PASSWORD);
        steps.click("Sign in");
        steps.type(By.id("code"), emailCode(user + "@example.com"));
        steps.click("Verify");
        steps.waitFor("the offer or the console", () -> chromium.driver.getCurrentUrl().startsWith(base + "/admin")
                || !chromium.driver.findElements(By.id("create-passkey")).isEmpty());
        if (!chromium.driver.getCurrentUrl().startsWith(base + "/admin")) {
            steps.click("I'll do it later");
        }
        steps.waitForHeading("Support console");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String suffix() {
        return Long.toHexString(System.nanoTime());
    }

    /** A user through SCIM, with console roles when given. */
    private static String newUser(String name, List<String> roles) throws Exception {
        var body = jakarta.json.Json.createObjectBuilder()
                .add("schemas", jakarta.json.Json.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:User"))
                .add("userName", name)
                .add("emails", jakarta.json.Json.createArrayBuilder().add(jakarta.json.Json.createObjectBuilder()
                        .add("value", name + "@example.com").add("primary", true)))
                .add("password", PASSWORD);
        if (!roles.isEmpty()) {
            var list = jakarta.json.Json.createArrayBuilder();
            roles.forEach(r -> list.add(jakarta.json.Json.createObjectBuilder().add("value", r)));
            body.add("roles", list);
        }
        HttpResponse<String> r = provider.scim("POST", "/scim/v2/Users", body.build().toString(), provider.serviceToken("scim"));
        assertEquals(201, r.statusCode(), r.body());
        return name;
    }

    /** An account made by SCIM without a password. */
    private static String newPasskeyOnlyUser() throws Exception {
        String name = "keyonly-" + suffix();
        HttpResponse<String> r = provider.scim("POST", "/scim/v2/Users", jakarta.json.Json.createObjectBuilder()
                .add("schemas", jakarta.json.Json.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:User"))
                .add("userName", name).build().toString(), provider.serviceToken("scim"));
        assertEquals(201, r.statusCode(), r.body());
        return name;
    }

    private static String idOf(String username) throws Exception {
        HttpResponse<String> r = provider.scim("GET", "/scim/v2/Users?filter=" + java.net.URLEncoder.encode(
                "userName eq \"" + username + "\"", java.nio.charset.StandardCharsets.UTF_8), null, provider.serviceToken("scim"));
        return Provider.json(r.body()).getJsonArray("Resources").getJsonObject(0).getString("id");
    }

    /** Signed in to the account pages (and so the console) with password and the emailed code. */
    private static Browser signedIn(String user) throws Exception {
        return steps.signedIn(new Browser(), user, PASSWORD);
    }

    /** The link the console shows once, from its read-only field. */
    private static String shownLink(String page) {
        Matcher m = Pattern.compile("id=\"recovery-link\"[^>]*value=\"([^\"]+)\"").matcher(page);
        assertTrue(m.find(), page);
        return m.group(1).replace("&amp;", "&");
    }

    private static void act(Browser agent, String csrf, String action, String id, String reason) {
        HttpResponse<String> r = agent.post(base + "/admin/user/" + action, Map.of("id", id, "reason", reason, "csrf", csrf));
        assertEquals("id=" + id + "&notice=" + action, Browser.location(r).getQuery(), action);
    }

    /** Password and emailed code, to the page asking for the new password support wanted. */
    private static HttpResponse<String> toNewPassword(Browser person, String user) throws Exception {
        HttpResponse<String> asked = steps.codeVerified(person, person.get(base + "/account"), user, PASSWORD);
        for (int hops = 0; hops < 3 && asked.statusCode() == 303; hops++) {
            asked = person.follow(asked);
        }
        assertTrue(asked.body().contains("id=\"new-password-form\"") && asked.body().contains("asked for a new password"),
                "after password and code, the new password first: " + asked.body());
        return asked;
    }

    /** Opens a recovery link as a person does: its page, then its button. */
    private static HttpResponse<String> openLink(Browser browser, String link) {
        HttpResponse<String> page = browser.get(link);
        return browser.post(base + "/recover/link", Map.of("token", Browser.hidden(page.body(), "token"),
                "csrf", Browser.hidden(page.body(), "csrf")));
    }

    /** The console's token, from a person's page (an account page's token is refused there). */
    private static String consoleCsrf(Browser agent, String personId) {
        HttpResponse<String> page = agent.get(base + "/admin/user?id=" + personId);
        return page.statusCode() == 200 ? csrf(page) : "not-for-this-role";
    }

    private static String csrf(HttpResponse<String> accountPage) {
        return AccountSteps.csrf(accountPage);
    }

    private static void addPasskey(Browser browser, TestAuthenticator authenticator) {
        steps.addPasskey(browser, authenticator);
    }

    private static String emailCode(String address) throws Exception {
        return steps.emailCode(address);
    }

    private static String mailWithSubject(String user, String subject) throws Exception {
        return new BrowserSteps(() -> null, mail).emailWithSubject(user + "@example.com", subject);
    }
}
