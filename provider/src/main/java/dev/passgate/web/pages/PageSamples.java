package dev.passgate.web.pages;

import dev.passgate.account.AccountPasskeys;
import dev.passgate.account.PasskeyRow;
import dev.passgate.account.web.AccountResource;
import dev.passgate.account.web.AccountSecurityResource;
import dev.passgate.account.web.AccountView;
import dev.passgate.passkey.Passkey;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.passgate.login.LoginError;
import dev.passgate.login.web.LoginView;
import dev.passgate.otp.Channel;
import dev.passgate.devmode.DevOutboxResource.OutboxView;
import dev.passgate.protocol.authorize.FormPostView;
import dev.passgate.protocol.logout.LogoutViews;
import dev.passgate.web.ErrorView;
import dev.passgate.web.View;

/**
 * One view of every page, filled the way real requests fill it (errors, both channels, a
 * healing offer at the limit, ...). Rendered at start-up by {@link Pages#checkAll}, so a template
 * that cannot render stops the deployment; also the input of the render benchmark and tests.
 */
public final class PageSamples {
    private PageSamples() {
    }

    public static List<View> all() {
        List<View> views = new ArrayList<>();
        for (String template : List.of("login/identify", "login/passkey", "login/password", "login/choose-channel",
                "login/code", "login/offer", "login/new-password", "login/done")) {
            views.add(login(template, Optional.empty()));
            views.add(login(template, Optional.of(LoginError.PASSKEY_NOT_FOUND_OR_CANCELLED)));
        }
        views.add(login("login/new-password", Optional.of(LoginError.NEW_PASSWORD_COMMON)));
        views.add(login("login/new-password", Optional.of(LoginError.NEW_PASSWORD_NEEDS_RECOVERY), true));
        views.add(new LoginView("login/offer", "sample-interaction", "sample-csrf", Optional.empty(), "ada", "", Optional.empty(),
                "register", List.of(LoginView.ChannelOption.of(Channel.EMAIL)), Optional.empty(), Optional.empty(), Optional.of("HEAL"), true,
                Optional.empty(), false));
        views.add(new LoginView("login/offer", "sample-interaction", "sample-csrf", Optional.empty(), "ada", "", Optional.empty(),
                "register", List.of(LoginView.ChannelOption.of(Channel.EMAIL)), Optional.empty(), Optional.empty(), Optional.of("HEAL"), false,
                Optional.of(new LoginView.Replaced("iCloud <Keychain>", "2026-11-02")), false));
        views.add(new LoginView("login/offer", "sample-interaction", "sample-csrf", Optional.empty(), "ada", "", Optional.empty(),
                "register", List.of(LoginView.ChannelOption.of(Channel.EMAIL)), Optional.empty(), Optional.empty(), Optional.of("LOCAL"), false,
                Optional.empty(), false));
        views.add(ErrorView.of("authorize.unknown-client.title", "authorize.unknown-client.message"));
        views.add(ErrorView.of("error.unexpected.title", "error.unexpected.message", "ab12cd34").next("error.go-back")
                .restartAt(Optional.of(URI.create("https://app.example/login?a=1&b=%3C2%3E"))));
        views.add(new FormPostView(URI.create("https://app.example/cb"), List.of(
                new FormPostView.Field("code", "sample-code"), new FormPostView.Field("state", "\"><script>"))));
        views.add(new LogoutViews.Confirm(List.of(new LogoutViews.Field("client_id", "web")), "sample-csrf"));
        views.add(new LogoutViews.Done());
        views.addAll(account());
        views.addAll(console());
        views.add(new OutboxView(List.of()));
        views.add(new OutboxView(List.of(new OutboxView.Row("2026-12-01T10:00:00Z", "EMAIL", "ada@example.com",
                "Your Passgate verification code is 123456."))));
        return views;
    }

    /** The account pages: a full list with every kind of passkey, an empty one, each notice and error. */
    /** The support console's pages, each notice and error once. */
    static List<View> console() {
        List<View> views = new ArrayList<>();
        views.add(new dev.passgate.console.web.ConsoleView.Home("ada", List.of("support"), true, false));
        views.add(new dev.passgate.console.web.ConsoleView.Home("ada", List.of("auditor"), false, true));
        views.add(new dev.passgate.console.web.ConsoleView.Found("ada", "bo", List.of(new dev.passgate.console.web.ConsoleView.UserRow(
                "u1", "bob", "bob@example.com", "+41446681800", false, List.of("support")))));
        views.add(new dev.passgate.console.web.ConsoleView.Found("ada", "<nobody>", List.of()));
        List<dev.passgate.account.PasskeyRow> passkeys = List.of(new dev.passgate.account.PasskeyRow("AAAA", "iCloud Keychain",
                Optional.empty(), java.time.Instant.parse("2026-11-01T10:00:00Z"), Optional.empty(), true, true,
                dev.passgate.passkey.Passkey.Origin.SIGN_IN));
        List<dev.passgate.console.web.ConsoleView.SessionRow> sessions = List.of(new dev.passgate.console.web.ConsoleView.SessionRow(
                "Chrome (macOS)", "203.0.113.0/24", "2026-12-01 10:00 UTC", "passkey"),
                new dev.passgate.console.web.ConsoleView.SessionRow("", "", "2026-12-01 10:00 UTC", "recovery"));
        List<dev.passgate.console.web.ConsoleView.EventRow> events = List.of(new dev.passgate.console.web.ConsoleView.EventRow(
                "2026-12-01 10:00 UTC", "passkey.decision", "START:SYNCED", "<detail>"));
        for (String notice : dev.passgate.console.web.ConsoleResource.NOTICES) {
            views.add(new dev.passgate.console.web.ConsoleView.Person("ada", "csrf", "u1", "bob", "Bob", "bob@example.com", true,
                    "", false, true, List.of("support"), passkeys, true, true, Optional.of("2026-12-01 10:15 UTC"), true, true, sessions,
                    events, true, false, Optional.of(notice), Optional.empty()));
        }
        for (String error : dev.passgate.console.web.ConsoleResource.ERRORS) {
            views.add(new dev.passgate.console.web.ConsoleView.Person("ada", "csrf", "u1", "bob", "", "", false, "+41446681800",
                    true, false, List.of(), List.of(), false, false, Optional.empty(), false, false, List.of(), List.of(), false, true,
                    Optional.empty(), Optional.of(error)));
        }
        views.add(new dev.passgate.console.web.ConsoleView.Link("ada", "u1", "bob", "https://login.example.com/recover/link?token=x",
                "2026-12-02 10:00 UTC"));
        views.add(ErrorView.of("console.forbidden.title", "console.forbidden.message").next("console.forbidden.next")
                .restartAt(Optional.of(URI.create("https://login.example.com/account"))));
        views.add(ErrorView.of("console.not-found.title", "console.not-found.message"));
        views.add(ErrorView.of("console.weak.title", "console.weak.message")
                .restartAt(Optional.of(URI.create("https://login.example.com/account/reverify?then=/admin"))));
        views.add(new dev.passgate.console.web.ConsoleView.Audit("ada", "2026-11-25", "2026-12-01", "", "", "", List.of(
                new dev.passgate.console.web.ConsoleView.AuditRow("2026-12-01 10:00 UTC", "passkey.decision", "u1", "START:SYNCED",
                        "web", "0123456789abcdef", "node:1", "203.0.113.0/24", "<detail>")), 200, "from=2026-11-25&to=2026-12-01",
                Optional.empty()));
        views.add(new dev.passgate.console.web.ConsoleView.ReportsPage("ada", "2026-11-01", "2026-11-30", 4, 3, Optional.of(75),
                Optional.of(67), dev.passgate.console.Reports.CHARTS.stream().map(id -> new dev.passgate.console.web.ConsoleView.ChartView(
                        id, List.of(new dev.passgate.console.web.ConsoleView.Bar("<label>", 3, 300),
                        new dev.passgate.console.web.ConsoleView.Bar("b", 0, 0)))).toList(), "from=2026-11-01&to=2026-11-30",
                Optional.empty()));
        views.add(new dev.passgate.console.web.ConsoleView.ReportsPage("ada", "2026-11-01", "2026-11-30", 0, 0, Optional.empty(),
                Optional.empty(), List.of(new dev.passgate.console.web.ConsoleView.ChartView("sign-ins", List.of())), "from=x",
                Optional.of("filter")));
        views.add(new dev.passgate.console.web.ConsoleView.Audit("ada", "2026-11-25", "2026-12-01", "x", "y", "z", List.of(), 200,
                "from=2026-11-25&to=2026-12-01", Optional.of("filter")));
        views.add(ErrorView.of("error.unavailable.title", "error.unavailable.message"));
        return views;
    }

    static List<View> account() {
        java.time.Instant at = java.time.Instant.parse("2026-11-02T09:30:00Z");
        List<PasskeyRow> rows = List.of(
                new PasskeyRow("AAAA", "iCloud <Keychain>", Optional.of("data:image/svg+xml;base64,PHN2Zy8+"), at, Optional.of(at),
                        true, true, Passkey.Origin.SIGN_IN),
                new PasskeyRow("BBBB", "YubiKey 5", Optional.empty(), at, Optional.empty(), false, false, Passkey.Origin.ACCOUNT),
                new PasskeyRow("CCCC", "Passkey", Optional.empty(), at, Optional.empty(), false, true, Passkey.Origin.HEALING),
                new PasskeyRow("DDDD", "Passkey", Optional.empty(), at, Optional.empty(), false, true, Passkey.Origin.UNKNOWN));
        AccountPasskeys.Signal signal = new AccountPasskeys.Signal("aGFuZGxl", List.of("AAAA", "BBBB"), "ada", "Ada <L>");
        List<View> views = new ArrayList<>();
        for (String notice : AccountResource.NOTICES) {
            views.add(new AccountView.Passkeys("ada", "Ada", "sample-csrf", rows, 5, Optional.of(notice), Optional.empty(),
                    Optional.of(rows.get(0)), Optional.of(signal), "login.example.com"));
        }
        for (String error : AccountResource.ERRORS) {
            views.add(new AccountView.Passkeys("ada", "Ada", "sample-csrf", rows, 4, Optional.empty(), Optional.of(error),
                    Optional.of(rows.get(1)), Optional.empty(), "login.example.com"));
        }
        views.add(new AccountView.Passkeys("ada", "Ada", "sample-csrf", List.of(), 5, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), "login.example.com"));
        views.add(new AccountView.Passkeys("ada", "Ada", "sample-csrf", rows.subList(2, 3), 5, Optional.empty(), Optional.empty(),
                Optional.of(rows.get(2)), Optional.empty(), "login.example.com"));
        views.add(new AccountView.ConfirmDelete("sample-csrf", rows.get(0), true, false));
        views.add(new AccountView.ConfirmDelete("sample-csrf", rows.get(0), true, true));
        views.add(new AccountView.ConfirmDelete("sample-csrf", rows.get(1), false, true));
        for (String notice : AccountSecurityResource.PASSWORD_NOTICES) {
            views.add(new AccountView.PasswordPage("ada", "sample-csrf", true, Optional.of(notice), Optional.empty(), 8));
        }
        for (String error : AccountSecurityResource.PASSWORD_ERRORS) {
            views.add(new AccountView.PasswordPage("ada", "sample-csrf", false, Optional.empty(), Optional.of(error), 8));
        }
        List<AccountView.SessionRow> sessions = List.of(
                new AccountView.SessionRow("s1", "Chrome (macOS)", "203.0.113.0/24", "2026-12-01 10:00 UTC", "2026-12-01 18:00 UTC", "passkey", true),
                new AccountView.SessionRow("s2", "", "", "2026-11-30 09:00 UTC", "2026-11-30 17:00 UTC", "password", false));
        for (String notice : AccountSecurityResource.SESSION_NOTICES) {
            views.add(new AccountView.SessionsPage("ada", "sample-csrf", sessions, Optional.of(notice), Optional.empty()));
        }
        for (String error : AccountSecurityResource.SESSION_ERRORS) {
            views.add(new AccountView.SessionsPage("ada", "sample-csrf", sessions.subList(0, 1), Optional.empty(), Optional.of(error)));
        }
        List<AccountView.ActivityRow> events = new ArrayList<>();
        for (String type : dev.passgate.account.AccountSecurity.ACTIVITY.stream().sorted().toList()) {
            events.add(new AccountView.ActivityRow("2026-12-01 10:00 UTC", type, "passkey", type.endsWith("failure"), Optional.of("AUTOFILL")));
        }
        events.add(new AccountView.ActivityRow("2026-12-01 10:00 UTC", "login.success", "password-code", false, Optional.empty()));
        events.add(new AccountView.ActivityRow("2026-12-01 10:00 UTC", "login.success", "password", false, Optional.empty()));
        for (String c : List.of("AUTOMATIC", "BUTTON", "IMMEDIATE")) {
            events.add(new AccountView.ActivityRow("2026-12-01 10:00 UTC", "login.success", "passkey", false, Optional.of(c)));
        }
        events.add(new AccountView.ActivityRow("2026-12-01 10:00 UTC", "some.new_type", "password", false, Optional.empty()));
        views.add(new AccountView.ActivityPage("ada", events));
        views.add(new AccountView.ActivityPage("ada", List.of()));
        views.add(new AccountView.DataPage("ada", "sample-csrf", Optional.empty()));
        for (String error : AccountSecurityResource.DATA_ERRORS) {
            views.add(new AccountView.DataPage("ada", "sample-csrf", Optional.of(error)));
        }
        views.add(new AccountView.Deleted());
        views.add(new dev.passgate.recovery.web.RecoveryView.Start("ada", "csrf", Optional.empty()));
        views.add(new dev.passgate.recovery.web.RecoveryView.Start("", "csrf", Optional.of("link")));
        views.add(new dev.passgate.recovery.web.RecoveryView.Link("secret", "sample-csrf"));
        views.add(new dev.passgate.recovery.web.RecoveryView.Start("", "csrf", Optional.of("expired")));
        views.add(new dev.passgate.recovery.web.RecoveryView.Start("", "csrf", Optional.of("slow_down")));
        views.add(new dev.passgate.recovery.web.RecoveryView.Code("sample-csrf", Optional.of("https://help.example/passkeys"),
                Optional.empty()));
        for (String error : dev.passgate.recovery.web.RecoveryResource.CODE_ERRORS) {
            views.add(new dev.passgate.recovery.web.RecoveryView.Code("sample-csrf", Optional.empty(), Optional.of(error)));
        }
        views.add(new dev.passgate.recovery.web.RecoveryView.Password("sample-csrf", 8, Optional.empty()));
        for (String error : dev.passgate.recovery.web.RecoveryResource.PASSWORD_ERRORS) {
            views.add(new dev.passgate.recovery.web.RecoveryView.Password("sample-csrf", 8, Optional.of(error)));
        }
        for (String notice : dev.passgate.account.web.AccountContactResource.NOTICES) {
            views.add(new AccountView.ContactPage("ada", "sample-csrf", Optional.of("ada@example.com"), true, Optional.empty(), false,
                    Optional.of("n\u2022\u2022\u2022@example.com"), Optional.of("+41 \u2022\u2022\u2022 00"), Optional.of(notice),
                    Optional.empty(), Optional.of("EMAIL")));
        }
        for (String error : dev.passgate.account.web.AccountContactResource.ERRORS) {
            views.add(new AccountView.ContactPage("ada", "sample-csrf", Optional.empty(), false, Optional.of("+41446681800"), false,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(error), Optional.of("SMS")));
        }
        views.add(ErrorView.of("account.signin-failed.title", "account.signin-failed.message").next("account.signin-failed.next")
                .restartAt(Optional.of(URI.create("https://login.example.com/account"))));
        return views;
    }

    /** A login page as the flow shows it: both channels on file, the code sent by email. */
    public static LoginView login(String template, Optional<LoginError> error) {
        return login(template, error, false);
    }

    /** @param recoverFirst the new-password page of a sign-in that proved only the password: recovery, not the form */
    static LoginView login(String template, Optional<LoginError> error, boolean recoverFirst) {
        return new LoginView(template, "sample-interaction", "sample-csrf", Optional.empty(), "ada@example.com",
                "Sample <App>", error, template.endsWith("identify") ? "conditional" : "button",
                List.of(LoginView.ChannelOption.of(Channel.EMAIL), LoginView.ChannelOption.of(Channel.SMS)),
                template.endsWith("code") ? Optional.of(LoginView.ChannelOption.of(Channel.EMAIL)) : Optional.empty(),
                Optional.of("a•••@example.com"), Optional.of("APPEND"), false, Optional.empty(), recoverFirst);
    }
}
