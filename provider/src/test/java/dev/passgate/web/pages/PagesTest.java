package dev.passgate.web.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.passgate.config.SettingsException;
import dev.passgate.login.LoginError;
import dev.passgate.protocol.authorize.FormPostView;
import dev.passgate.web.ErrorView;

class PagesTest {
    private final Pages pages = new Pages(new PagesSettings(Optional.empty(), Locale.ENGLISH));

    @Test
    void everyPageWhenRenderedInEveryLanguageThenCompleteAndNoMissingMessage() {
        pages.checkAll(PageSamples.all());
        for (var view : PageSamples.all()) {
            for (Locale locale : List.of(Locale.ENGLISH, Locale.GERMAN)) {
                String html = pages.render(view, locale, "");
                assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"), view.template());
                assertFalse(html.contains("??"), () -> view.template() + " in " + locale + " misses a message:\n" + html);
                assertTrue(html.contains("lang=\"" + locale.getLanguage() + "\""), view.template());
                assertFalse(html.contains(" th:"), () -> view.template() + " leaks a template attribute");
                assertFalse(html.contains("<script>") || html.contains("style="), () -> view.template() + " has inline script or style");
            }
        }
    }

    @Test
    void loginPagesWhenEnglishThenTheAccessibleNamesOfTheContract() {
        String identify = render("login/identify");
        assertTrue(identify.contains("<label for=\"identifier\">Email or username</label>"), identify);
        assertTrue(identify.contains("autocomplete=\"username webauthn\""), identify);
        assertTrue(identify.contains(">Continue</button>") && identify.contains(">Use password instead</button>"), identify);
        String password = render("login/password");
        assertTrue(password.contains("<label for=\"password\">Password</label>") && password.contains(">Sign in</button>"), password);
        String code = render("login/code");
        assertTrue(code.contains("<label for=\"code\">Verification code</label>") && code.contains(">Verify</button>"), code);
        assertTrue(code.contains("autocomplete=\"one-time-code\""), code);
        String offer = render("login/offer");
        assertTrue(offer.contains(">Create passkey</button>") && offer.contains(">I&#39;ll do it later</button>"), offer);
    }

    @Test
    void loginErrorWhenShownThenInAnAlertWithItsCodeTitleAndMessage() {
        String html = pages.render(PageSamples.login("login/identify", Optional.of(LoginError.NO_PASSKEY_ON_DEVICE)),
                Locale.ENGLISH, "");
        assertTrue(html.contains("<div id=\"login-alert\" role=\"alert\" data-code=\"no_passkey_on_device\" class=\"alert\">"), html);
        assertTrue(html.contains("<strong>No passkey on this device.</strong>"), html);
        String none = render("login/identify");
        assertTrue(none.contains("<div id=\"login-alert\" role=\"alert\"></div>"), none);
    }

    @Test
    void germanWhenChosenThenGermanLabelsAndErrors() {
        String html = pages.render(PageSamples.login("login/password", Optional.of(LoginError.WRONG_CREDENTIALS)),
                Locale.GERMAN, "");
        assertTrue(html.contains(">Passwort</label>"), html);
        assertTrue(html.contains(LoginError.WRONG_CREDENTIALS.title(Locale.GERMAN)), html);
        assertFalse(html.contains("Sign in"), html);
    }

    @Test
    void reflectedValuesWhenHostileThenEscapedInTextAttributesAndUrls() {
        String login = render("login/identify");
        assertTrue(login.contains("Sample &lt;App&gt;") && !login.contains("Sample <App>"), login);
        String post = pages.render(new FormPostView(URI.create("https://app.example/cb?x=%22a%22&y=1"), List.of(
                new FormPostView.Field("state", "\"><script>alert(1)</script>"))), Locale.ENGLISH, "");
        assertFalse(post.contains("<script>alert"), post);
        assertTrue(post.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), post);
        assertTrue(post.contains("action=\"https://app.example/cb?x=%22a%22&amp;y=1\""), post);
    }

    @Test
    void linksWhenDeployedAtAContextRootThenPrefixed() {
        String html = pages.render(PageSamples.login("login/identify", Optional.empty()), Locale.ENGLISH, "/auth");
        assertTrue(html.contains("href=\"/auth/assets/passgate.css\"") && html.contains("action=\"/auth/login/identify\""), html);
        assertTrue(html.contains("src=\"/auth/assets/login.js\""), html);
    }

    @Test
    void errorPageWhenArgumentsThenFilledAndRestartLinkEscaped() {
        String html = pages.render(ErrorView.of("error.unexpected.title", "error.unexpected.message", "ab12cd34")
                .restartAt(Optional.of(URI.create("https://app.example/a?b=1&c=2"))), Locale.ENGLISH, "");
        assertTrue(html.contains("quote reference ab12cd34."), html);
        assertTrue(html.contains("href=\"https://app.example/a?b=1&amp;c=2\""), html);
        assertTrue(html.contains("<title>Something went wrong · Passgate</title>"), html);
    }

    @Test
    void themeWhenItOverridesATemplateThenThatTemplateAndTheRestBuiltIn(@TempDir Path theme) throws IOException {
        Files.createDirectories(theme.resolve("templates"));
        Files.writeString(theme.resolve("templates/footer.html"),
                "<footer th:fragment=\"footer\" class=\"footer\"><a href=\"https://example.com/help\">Help centre</a></footer>");
        Pages themed = new Pages(new PagesSettings(Optional.of(theme), Locale.ENGLISH));
        themed.checkAll(PageSamples.all());
        String html = themed.render(PageSamples.login("login/identify", Optional.empty()), Locale.ENGLISH, "");
        assertTrue(html.contains("Help centre") && html.contains("Email or username"), html);
    }

    @Test
    void themeWhenATemplateIsBrokenThenStartUpRefusedNamingFileAndLine(@TempDir Path theme) throws IOException {
        Files.createDirectories(theme.resolve("templates/login"));
        Files.writeString(theme.resolve("templates/login/password.html"),
                "<!DOCTYPE html>\n<html>\n<p th:text=\"${view.identifier\">broken</p>\n</html>\n");
        Pages themed = new Pages(new PagesSettings(Optional.of(theme), Locale.ENGLISH));
        SettingsException e = assertThrows(SettingsException.class, () -> themed.checkAll(PageSamples.all()));
        assertTrue(e.getMessage().contains("passgate.theme.dir") && e.getMessage().contains("login/password"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void themeWhenAnOverrideMatchesNoTemplateThenRefusedWithTheKnownNames(@TempDir Path theme) throws IOException {
        Files.createDirectories(theme.resolve("templates"));
        Files.writeString(theme.resolve("templates/footr.html"), "<footer th:fragment=\"footer\"></footer>");
        SettingsException e = assertThrows(SettingsException.class,
                () -> new Pages(new PagesSettings(Optional.of(theme), Locale.ENGLISH)).checkAll(PageSamples.all()));
        assertTrue(e.getMessage().contains("footr.html") && e.getMessage().contains("footer"), e.getMessage());
    }

    private String render(String template) {
        return pages.render(PageSamples.login(template, Optional.empty()), Locale.ENGLISH, "");
    }
}
