package dev.passgate.login.web;

import java.util.Optional;

import dev.passgate.i18n.Languages;
import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginFlow;
import dev.passgate.web.Csrf;

/**
 * The one way into a login for a request, forms and JSON calls alike: the interaction must be
 * live and bound to this browser (the secret in its interaction cookie), and a request that
 * changes something must carry the CSRF token of that interaction. The login then speaks the
 * language its authorization request asked for, else the browser's.
 */
public final class LoginGate {
    private final LoginFlow flow;
    private final DeviceCookie deviceCookie;
    private final Csrf csrf;
    private final Languages languages;

    public LoginGate(LoginFlow flow, DeviceCookie deviceCookie, Csrf csrf, Languages languages) {
        this.flow = flow;
        this.deviceCookie = deviceCookie;
        this.csrf = csrf;
        this.languages = languages;
    }

    /** What a request brings: the interaction id, its cookies, its CSRF token (null for a page view). */
    public record Entry(String interactionId, String boundSecret, String device, String csrfToken, String clientAddress,
                        String acceptLanguage, String userAgent) {
    }

    /** For a page view (GET): no token to check. */
    public Optional<LoginContext> view(Entry entry) {
        return flow.open(entry.interactionId(), entry.boundSecret(), deviceCookie.read(entry.device()), entry.clientAddress())
                .map(ctx -> ctx.in(languages.choose(ctx.interaction().param("ui_locales"), entry.acceptLanguage()))
                        .from(dev.passgate.web.UserAgents.summary(entry.userAgent())));
    }

    /** For a change (POST): also the CSRF token bound to this interaction. */
    public Optional<LoginContext> change(Entry entry) {
        return view(entry).filter(ctx -> csrf.verify(LoginView.CSRF_PURPOSE, entry.interactionId(), entry.csrfToken()));
    }

    /** The language of an answer that belongs to no open login (a malformed or expired call). */
    public java.util.Locale language(String acceptLanguage) {
        return languages.choose(Optional.empty(), acceptLanguage);
    }

    /** A token for the pages of this interaction. */
    public String token(String interactionId) {
        return csrf.token(LoginView.CSRF_PURPOSE, interactionId);
    }
}
