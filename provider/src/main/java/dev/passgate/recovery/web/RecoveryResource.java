package dev.passgate.recovery.web;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.config.PassgateSettings;
import dev.passgate.i18n.Languages;
import dev.passgate.notify.NoticeSettings;
import dev.passgate.password.PasswordPolicy;
import dev.passgate.recovery.Recovery;
import dev.passgate.security.Secrets;
import dev.passgate.web.ClientAddress;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;
import dev.passgate.web.UserAgents;
import dev.passgate.web.Views;

/**
 * {@code /recover}: "Can't sign in?" in three pages: who (username or email), the code, a new
 * password. The recovery is bound to the browser that started it (its own cookie); the code and
 * password forms carry a CSRF token bound to that recovery. Every answer says the same whether the
 * identifier named an account or not.
 */
@ApplicationScoped
@Path("/recover")
public class RecoveryResource {
    static final String COOKIE = "passgate_recovery";
    /** The start form's own binding: a page of another site cannot make visitors' browsers ask for recoveries. */
    static final String FORM_COOKIE = "passgate_recovery_form";
    static final String CSRF_PURPOSE = "recovery";
    static final String START_PURPOSE = "recovery-start";
    static final String LINK_PURPOSE = "recovery-link";
    public static final Set<String> START_ERRORS = Set.of("expired", "slow_down", "link");
    public static final Set<String> CODE_ERRORS = Set.of("wrong", "too_many_attempts", "expired");
    public static final Set<String> PASSWORD_ERRORS = Set.of("mismatch", "too_short", "too_long", "common", "like_username");

    @Inject
    Recovery recovery;
    @Inject
    Cookies cookies;
    @Inject
    Csrf csrf;
    @Inject
    Languages languages;
    @Inject
    PassgateSettings settings;
    @Inject
    NoticeSettings notices;
    @Inject
    ClientAddress clientAddress;
    @Context
    HttpHeaders headers;
    @Context
    HttpServletRequest request;

    /** This browser's form cookie, or a new one: what the start and link forms' tokens are bound to. */
    private String formCookie() {
        return Optional.ofNullable(cookies.value(headers.getCookies(), FORM_COOKIE)).filter(v -> v.length() <= 100)
                .orElseGet(Secrets::newToken);
    }

    @GET
    public Response start(@QueryParam("identifier") String identifier, @QueryParam("error") String error) {
        String prefill = identifier == null || identifier.length() > 320 ? "" : identifier;
        String form = formCookie();
        return Views.html(200, new RecoveryView.Start(prefill, csrf.token(START_PURPOSE, Secrets.sha256(form)),
                        Optional.ofNullable(error).filter(START_ERRORS::contains)))
                .header("Cache-Control", "no-store").cookie(cookies.set(FORM_COOKIE, form, settings.interactionTtl())).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response begin(@FormParam(Csrf.FIELD) String token, @FormParam("identifier") String identifier) {
        String form = cookies.value(headers.getCookies(), FORM_COOKIE);
        if (form == null || form.length() > 100 || token == null || !csrf.verify(START_PURPOSE, Secrets.sha256(form), token)) {
            return Response.seeOther(absolute("/recover?error=expired")).build();
        }
        dev.passgate.account.Outcome<String, java.time.Instant> started = recovery.start(identifier, locale(),
                clientAddress.of(request));
        if (started.value().isEmpty()) {
            return Response.seeOther(absolute("/recover?error=slow_down")).header("Cache-Control", "no-store").build();
        }
        return Response.seeOther(absolute("/recover/code")).header("Cache-Control", "no-store")
                .cookie(cookies.set(COOKIE, started.value().get(), settings.interactionTtl())).build();
    }

    /**
     * A recovery link support handed over. Opening it shows one button: a chat or mail preview that fetches the
     * link must not use it up; the button's POST does, in this browser.
     */
    @GET
    @Path("link")
    public Response linkPage(@QueryParam("token") String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Response.seeOther(absolute("/recover?error=link")).build();
        }
        String form = formCookie();
        return Views.html(200, new RecoveryView.Link(token, csrf.token(LINK_PURPOSE, Secrets.sha256(form))))
                .header("Cache-Control", "no-store").cookie(cookies.set(FORM_COOKIE, form, settings.interactionTtl())).build();
    }

    /**
     * Bound to this browser's form cookie: another site cannot make a browser open a link of its own choosing
     * and so sign the person in to someone else's account (login CSRF).
     */
    @POST
    @Path("link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@FormParam("token") String token, @FormParam(Csrf.FIELD) String csrfToken) {
        String form = cookies.value(headers.getCookies(), FORM_COOKIE);
        if (form == null || form.length() > 100 || csrfToken == null || !csrf.verify(LINK_PURPOSE, Secrets.sha256(form), csrfToken)) {
            // Out of date or not from our page: the link's own page again, where its button works; nothing used.
            boolean wellFormed = token != null && !token.isBlank() && token.length() <= 100;
            return Response.seeOther(wellFormed ? absolute("/recover/link?token=" + java.net.URLEncoder.encode(token,
                    java.nio.charset.StandardCharsets.UTF_8)) : absolute("/recover?error=link")).build();
        }
        Optional<String> id = recovery.openLink(token);
        if (id.isEmpty()) {
            return Response.seeOther(absolute("/recover?error=link")).header("Cache-Control", "no-store").build();
        }
        return Response.seeOther(absolute("/recover/password")).header("Cache-Control", "no-store")
                .cookie(cookies.set(COOKIE, id.get(), settings.interactionTtl())).build();
    }

    @GET
    @Path("code")
    public Response code(@QueryParam("error") String error) {
        String id = id();
        return switch (recovery.stage(id)) {
            case GONE -> expired();
            case VERIFIED -> Response.seeOther(absolute("/recover/password")).build();
            case AWAITING_CODE -> Views.html(200, new RecoveryView.Code(token(id), notices.supportUrl().map(URI::toString),
                    Optional.ofNullable(error).filter(CODE_ERRORS::contains))).build();
        };
    }

    @POST
    @Path("code")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response verify(@FormParam(Csrf.FIELD) String token, @FormParam("code") String code) {
        String id = id();
        if (!csrfOk(id, token)) {
            return expired();
        }
        return switch (recovery.verify(id, code)) {
            case VERIFIED -> Response.seeOther(absolute("/recover/password")).build();
            case WRONG -> Response.seeOther(absolute("/recover/code?error=wrong")).build();
            case TOO_MANY_ATTEMPTS -> Response.seeOther(absolute("/recover/code?error=too_many_attempts")).build();
            case GONE -> expired();
        };
    }

    @GET
    @Path("password")
    public Response password(@QueryParam("error") String error) {
        String id = id();
        if (recovery.stage(id) != Recovery.Stage.VERIFIED) {
            return recovery.stage(id) == Recovery.Stage.GONE ? expired() : Response.seeOther(absolute("/recover/code")).build();
        }
        return Views.html(200, new RecoveryView.Password(token(id), PasswordPolicy.MIN_LENGTH,
                Optional.ofNullable(error).filter(PASSWORD_ERRORS::contains))).build();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setPassword(@FormParam(Csrf.FIELD) String token, @FormParam("password") String password,
                                @FormParam("repeat") String repeat) {
        String id = id();
        if (!csrfOk(id, token)) {
            return expired();
        }
        dev.passgate.account.Outcome<Recovery.Recovered, Recovery.Refusal> result = recovery.setPassword(id, password, repeat,
                UserAgents.summary(headers.getHeaderString(HttpHeaders.USER_AGENT)), ClientAddress.network(clientAddress.of(request)),
                cookies.value(headers.getCookies(), Cookies.SESSION));
        if (result.value().isEmpty()) {
            Recovery.Refusal why = result.refusal().orElseThrow();
            return why == Recovery.Refusal.GONE ? expired()
                    : Response.seeOther(absolute("/recover/password?error=" + why.name().toLowerCase(Locale.ROOT))).build();
        }
        // Signed in: the account page offers a new passkey at once.
        return Response.seeOther(absolute("/account?notice=recovered")).header("Cache-Control", "no-store")
                .cookie(cookies.set(Cookies.SESSION, result.value().get().session().cookieValue(), settings.sessionTtl()),
                        cookies.clear(COOKIE)).build();
    }

    private String id() {
        return cookies.value(headers.getCookies(), COOKIE);
    }

    private String token(String id) {
        return csrf.token(CSRF_PURPOSE, Secrets.sha256(id));
    }

    private boolean csrfOk(String id, String presented) {
        return id != null && presented != null && csrf.verify(CSRF_PURPOSE, Secrets.sha256(id), presented);
    }

    /** The recovery is gone (finished, too old, or never started in this browser): start again, with a reason. */
    private Response expired() {
        return Response.seeOther(absolute("/recover?error=expired")).cookie(cookies.clear(COOKIE)).build();
    }

    private URI absolute(String path) {
        return URI.create(settings.issuerString() + path);
    }

    private Locale locale() {
        return languages.choose(Optional.empty(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
