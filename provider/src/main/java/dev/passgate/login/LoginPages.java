package dev.passgate.login;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.passgate.login.steps.OfferPasskeyStep;
import dev.passgate.otp.Channel;
import dev.passgate.web.Csrf;
import dev.passgate.web.Html;

/**
 * The login pages, one per state. Accessible names are a contract (DESIGN.md): "Email or
 * username", "Continue", "Use password instead", "Password", "Sign in", "Verification code",
 * "Verify", "Create passkey", "I'll do it later"; every error in {@code role="alert"}. The
 * password and code steps work without script; the passkey steps use {@code login.js}.
 */
public final class LoginPages {
    public static final String CSRF_PURPOSE = "login";
    private static final Locale LOCALE = Locale.ENGLISH;

    private final Csrf csrf;

    public LoginPages(Csrf csrf) {
        this.csrf = csrf;
    }

    /** What a page needs beyond the transaction. */
    public record View(String interactionId, LoginTransaction transaction, Optional<LoginError> error, String clientName,
                       Set<Channel> channels, Optional<String> maskedDestination, boolean atPasskeyLimit) {
    }

    public String render(View v) {
        return switch (v.transaction().state()) {
            case IDENTIFY -> identify(v);
            case PASSKEY -> passkey(v);
            case PASSWORD -> password(v);
            case ONE_TIME_CODE -> oneTimeCode(v);
            case OFFER_PASSKEY -> offer(v);
            case DONE -> Html.page("Signed in", "<p>You are signed in.</p>");
        };
    }

    public static String expired(Optional<java.net.URI> restart) {
        LoginError e = LoginError.SESSION_EXPIRED;
        return Html.page(e.title(LOCALE), Html.alert(e.message(LOCALE)) + restart.map(u ->
                "<p><a class=\"button\" href=\"" + Html.escape(u.toString()) + "\">Start again</a></p>").orElse(
                "<p>Go back to the application and sign in again.</p>"));
    }

    private String identify(View v) {
        String body = alert(v) + intro(v)
                + form(v, "/login/identify", "identify-form")
                + hidden("webauthn", "") + hidden("platform", "") + hidden("conditional", "") + hidden("hybrid", "")
                + "<label for=\"identifier\">Email or username</label>"
                + "<input id=\"identifier\" name=\"identifier\" type=\"text\" autocomplete=\"username webauthn\""
                + " autocapitalize=\"none\" spellcheck=\"false\" required autofocus value=\""
                + Html.escape(v.transaction().identifier()) + "\">"
                + "<button type=\"submit\" name=\"mode\" value=\"continue\">Continue</button>"
                + "<button type=\"submit\" name=\"mode\" value=\"password\" class=\"secondary\">Use password instead</button>"
                + "</form>";
        return Html.page("Sign in", body + ceremonyData(v, "conditional"), "webauthn-json.js", "login.js");
    }

    private String passkey(View v) {
        boolean autostart = "START".equals(v.transaction().decision().orElse("")) && v.transaction().passkeyFailures() == 0
                && v.error().isEmpty();
        String body = alert(v) + intro(v)
                + "<p>Signing in as <strong>" + Html.escape(v.transaction().identifier()) + "</strong>.</p>"
                + "<button type=\"button\" id=\"passkey-button\">Sign in with a passkey</button>"
                + form(v, "/login/use-password", "password-switch")
                + "<button type=\"submit\" class=\"secondary\">Use password instead</button></form>";
        return Html.page("Sign in with a passkey", body + ceremonyData(v, autostart ? "autostart" : "button"),
                "webauthn-json.js", "login.js");
    }

    private String password(View v) {
        String body = alert(v) + intro(v)
                + form(v, "/login/password", "password-form")
                + "<label for=\"identifier\">Email or username</label>"
                + "<input id=\"identifier\" name=\"identifier\" type=\"text\" autocomplete=\"username\" readonly value=\""
                + Html.escape(v.transaction().identifier()) + "\">"
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required autofocus>"
                + "<button type=\"submit\">Sign in</button></form>";
        return Html.page("Enter your password", body);
    }

    private String oneTimeCode(View v) {
        StringBuilder body = new StringBuilder(alert(v));
        Optional<String> channel = v.transaction().otpChannel();
        if (channel.isEmpty()) {
            body.append("<p>Choose where we send your verification code.</p>");
            for (Channel c : v.channels()) {
                body.append(form(v, "/login/code/send", "send-" + c.name().toLowerCase(Locale.ROOT)))
                        .append(hidden("channel", c.name()))
                        .append("<button type=\"submit\">").append(c == Channel.EMAIL ? "Send code by email" : "Send code by SMS")
                        .append("</button></form>");
            }
            return Html.page("Verify it's you", body.toString());
        }
        body.append("<p>We sent a 6-digit code ").append(v.maskedDestination().map(d -> "to <strong>"
                + Html.escape(d) + "</strong>").orElse("")).append(". It is valid for a few minutes.</p>")
                .append(form(v, "/login/code/verify", "code-form"))
                .append("<label for=\"code\">Verification code</label>")
                .append("<input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" pattern=\"[0-9 ]*\"")
                .append(" autocomplete=\"one-time-code\" maxlength=\"8\" required autofocus>")
                .append("<button type=\"submit\">Verify</button></form>")
                .append(form(v, "/login/code/resend", "resend-form"))
                .append("<button type=\"submit\" class=\"secondary\">Send a new code</button></form>");
        for (Channel c : v.channels()) {
            if (!c.name().equals(channel.get())) {
                body.append(form(v, "/login/code/send", "switch-" + c.name().toLowerCase(Locale.ROOT)))
                        .append(hidden("channel", c.name()))
                        .append("<button type=\"submit\" class=\"secondary\">")
                        .append(c == Channel.EMAIL ? "Send it by email instead" : "Send it by SMS instead")
                        .append("</button></form>");
            }
        }
        return Html.page("Verify it's you", body.toString());
    }

    private String offer(View v) {
        boolean heal = OfferPasskeyStep.HEAL.equals(v.transaction().offerKind().orElse(""));
        String text = heal
                ? "<p>Your passkey did not work just now. Create a new passkey on this device to replace it, so next time"
                  + " you can sign in with a fingerprint, face or screen lock again.</p>"
                : "<p>Sign in faster next time: create a passkey on this device. It uses your fingerprint, face or"
                  + " screen lock, and nobody can phish it.</p>";
        String replace = heal && v.atPasskeyLimit()
                ? "<button type=\"button\" id=\"replace-button\" class=\"secondary\">Replace my least recently used passkey</button>"
                : "";
        String body = alert(v) + text
                + "<button type=\"button\" id=\"create-passkey\">Create passkey</button>" + replace
                + form(v, "/login/offer/skip", "skip-form")
                + "<button type=\"submit\" class=\"secondary\">I'll do it later</button></form>";
        return Html.page(heal ? "Replace your passkey" : "Create a passkey", body + ceremonyData(v, "register"),
                "webauthn-json.js", "login.js");
    }

    private String alert(View v) {
        // The alert element is always present, so the script can fill it after a ceremony fails.
        return v.error().map(e -> "<div id=\"login-alert\" class=\"alert\" role=\"alert\" data-code=\"" + e.code() + "\"><strong>"
                + Html.escape(e.title(LOCALE)) + ".</strong> " + Html.escape(e.message(LOCALE)) + "</div>")
                .orElse("<div id=\"login-alert\" role=\"alert\"></div>");
    }

    private static String intro(View v) {
        return v.clientName().isEmpty() ? "" : "<p class=\"muted\">to continue to " + Html.escape(v.clientName()) + "</p>";
    }

    private String form(View v, String action, String id) {
        return "<form method=\"post\" action=\"" + action + "\" id=\"" + id + "\">"
                + hidden("interaction", v.interactionId()) + csrf.hiddenField(CSRF_PURPOSE, v.interactionId());
    }

    /** Data for login.js: which ceremony, and the CSRF token for its JSON calls. No inline script. */
    private String ceremonyData(View v, String mode) {
        return "<div id=\"ceremony\" hidden data-mode=\"" + mode + "\" data-interaction=\"" + Html.escape(v.interactionId())
                + "\" data-csrf=\"" + csrf.token(CSRF_PURPOSE, v.interactionId()) + "\"></div>";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
    }
}
