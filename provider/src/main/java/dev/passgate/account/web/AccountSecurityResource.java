package dev.passgate.account.web;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

import dev.passgate.account.AccountPasskeys;
import dev.passgate.account.AccountSecurity;
import dev.passgate.audit.AuditEvent;
import dev.passgate.password.PasswordPolicy;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;
import dev.passgate.web.UserAgents;
import dev.passgate.web.Views;

/**
 * The account pages beside the passkeys: password, where you are signed in, recent activity, your
 * data and deleting the account. Every change needs this session's CSRF token and a recent sign-in
 * ({@link AccountGate#fresh}); the answer to a form is a redirect with a fixed word
 * ({@code ?notice=changed}), never text from the request.
 */
@ApplicationScoped
@Path("/account")
public class AccountSecurityResource {
    public static final Set<String> PASSWORD_NOTICES = Set.of("changed");
    public static final Set<String> PASSWORD_ERRORS = Set.of("mismatch", "too_short", "too_long", "common", "like_username",
            "changed_meanwhile", "expired");
    public static final Set<String> DATA_ERRORS = Set.of("confirm", "expired", "needs_mfa");
    public static final Set<String> SESSION_NOTICES = Set.of("ended", "ended-others");
    public static final Set<String> SESSION_ERRORS = Set.of("not_found", "expired");

    @Inject
    AccountGate gate;
    @Inject
    AccountSecurity security;
    @Inject
    AccountPasskeys passkeys;
    @Inject
    Cookies cookies;
    @Inject
    dev.passgate.config.PassgateSettings settings;
    @Inject
    dev.passgate.login.DeviceCookie deviceCookie;
    @Context
    HttpHeaders headers;

    // --- password ------------------------------------------------------------------------------------

    @GET
    @Path("password")
    public Response password(@QueryParam("notice") String notice, @QueryParam("error") String error) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/password");
        }
        return Views.html(200, new AccountView.PasswordPage(who.get().user().username(), gate.token(who.get()),
                who.get().user().passwordHash() != null, Optional.ofNullable(notice).filter(PASSWORD_NOTICES::contains),
                Optional.ofNullable(error).filter(PASSWORD_ERRORS::contains), PasswordPolicy.MIN_LENGTH)).build();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@FormParam(Csrf.FIELD) String token, @FormParam("password") String password,
                                   @FormParam("repeat") String repeat) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/password");
        }
        if (!gate.csrfOk(who.get(), token)) {
            return gate.backTo("/account/password", "error=expired");
        }
        if (!gate.fresh(who.get())) { // the typed password is not kept: the person types it again after verifying
            return gate.reverify(who.get(), "/account/password");
        }
        dev.passgate.account.Outcome<AccountSecurity.PasswordChanged, AccountSecurity.PasswordRefusal> changed =
                security.changePassword(who.get().user(), who.get().session(), password, repeat, browser());
        if (changed.refusal().isPresent()) {
            return gate.backTo("/account/password", "error=" + changed.refusal().get().name().toLowerCase(java.util.Locale.ROOT));
        }
        // This session goes on under a new cookie: a copy of the old one, stolen before, is dead now.
        Response.ResponseBuilder out = Response.seeOther(gate.absolute("/account/password?notice=changed"));
        changed.value().get().renewedCookie().ifPresent(c -> out.cookie(cookies.set(Cookies.SESSION, c, settings.sessionTtl())));
        return out.build();
    }

    // --- where you are signed in -----------------------------------------------------------------------

    @GET
    @Path("sessions")
    public Response sessions(@QueryParam("notice") String notice, @QueryParam("error") String error) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/sessions");
        }
        String current = who.get().session().sid();
        List<AccountView.SessionRow> rows = security.sessions(who.get().user().id()).stream()
                .map(s -> row(s, s.sid().equals(current))).toList();
        return Views.html(200, new AccountView.SessionsPage(who.get().user().username(), gate.token(who.get()), rows,
                Optional.ofNullable(notice).filter(SESSION_NOTICES::contains),
                Optional.ofNullable(error).filter(SESSION_ERRORS::contains))).build();
    }

    private static AccountView.SessionRow row(SsoSession s, boolean current) {
        return new AccountView.SessionRow(s.sid(), s.browser(), s.network(), AccountView.when(s.authTime()),
                AccountView.when(s.expiresAt()), method(String.join(" ", s.amr())), current);
    }

    /**
     * How a sign-in was made, from its RFC 8176 amr: passkey, password and code (emailed: otp, texted: sms),
     * password alone, or a code alone (account recovery, which then set a new password).
     */
    public static String method(String amr) {
        List<String> values = List.of(amr.split(" "));
        boolean code = values.contains("otp") || values.contains("sms");
        return values.contains("hwk") || values.contains("swk") ? "passkey"
                : code && values.contains("pwd") ? "password-code" : code ? "recovery" : "password";
    }

    @POST
    @Path("sessions/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endSession(@FormParam(Csrf.FIELD) String token, @FormParam("sid") String sid) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/sessions");
        }
        if (!gate.csrfOk(who.get(), token)) {
            return gate.backTo("/account/sessions", "error=expired");
        }
        boolean own = who.get().session().sid().equals(sid);
        if (!own && !gate.fresh(who.get())) {
            return gate.reverify(who.get(), "/account/sessions");
        }
        if (!security.endSession(who.get().user(), sid)) {
            return gate.backTo("/account/sessions", "error=not_found");
        }
        if (own) { // signing this browser out: the account pages ask for a sign-in next
            return Response.seeOther(gate.absolute("/account")).cookie(cookies.clear(Cookies.SESSION)).build();
        }
        return gate.backTo("/account/sessions", "notice=ended");
    }

    @POST
    @Path("sessions/end-others")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endOthers(@FormParam(Csrf.FIELD) String token) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/sessions");
        }
        if (!gate.csrfOk(who.get(), token)) {
            return gate.backTo("/account/sessions", "error=expired");
        }
        if (!gate.fresh(who.get())) {
            return gate.reverify(who.get(), "/account/sessions");
        }
        security.endOthers(who.get().user(), who.get().session());
        return gate.backTo("/account/sessions", "notice=ended-others");
    }

    // --- recent activity ------------------------------------------------------------------------------

    @GET
    @Path("activity")
    public Response activity() {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/activity");
        }
        List<AccountView.ActivityRow> rows = security.activity(who.get().user().id()).stream().map(AccountSecurityResource::row)
                .toList();
        return Views.html(200, new AccountView.ActivityPage(who.get().user().username(), rows)).build();
    }

    private static final java.util.regex.Pattern CEREMONY = java.util.regex.Pattern.compile("ceremony=(AUTOMATIC|AUTOFILL|BUTTON|IMMEDIATE)");

    /** What an event means to the person: the sign-in method from the amr of a success, failure from the outcome. */
    static AccountView.ActivityRow row(AuditEvent e) {
        boolean failed = e.type().endsWith(".failure") || e.type().equals("otp.verify") && !e.outcome().startsWith("VERIFIED");
        java.util.regex.Matcher ceremony = CEREMONY.matcher(e.detail() == null ? "" : e.detail());
        return new AccountView.ActivityRow(AccountView.when(e.at()), e.type(), method(e.outcome()), failed,
                ceremony.find() ? Optional.of(ceremony.group(1)) : Optional.empty());
    }

    // --- your data, deleting the account --------------------------------------------------------------

    @GET
    @Path("data")
    public Response data(@QueryParam("error") String error) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/data");
        }
        return Views.html(200, new AccountView.DataPage(who.get().user().username(), gate.token(who.get()),
                Optional.ofNullable(error).filter(DATA_ERRORS::contains))).build();
    }

    /** The person's data as a JSON file: a fresh sign-in first, as it holds their addresses and where they sign in. */
    @GET
    @Path("data/export")
    public Response export() {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/data");
        }
        if (!gate.fresh(who.get())) {
            return gate.reverify(who.get(), "/account/data");
        }
        String json = security.export(who.get().user(), passkeys.list(who.get().user().id())).toString();
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"passgate-account.json\"").build();
    }

    /** Deletes the account once the person typed its username; this browser is signed out. */
    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@FormParam(Csrf.FIELD) String token, @FormParam("confirm") String confirm) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst("/account/data");
        }
        if (!gate.csrfOk(who.get(), token)) {
            return gate.backTo("/account/data", "error=expired");
        }
        if (!gate.strong(who.get())) {
            return gate.backTo("/account/data", "error=needs_mfa");
        }
        if (!gate.fresh(who.get())) {
            return gate.reverify(who.get(), "/account/data");
        }
        if (confirm == null || !confirm.strip().equals(who.get().user().username())) {
            return gate.backTo("/account/data", "error=confirm");
        }
        security.delete(who.get().user(), browser());
        return Views.html(200, new AccountView.Deleted()).cookie(cookies.clear(Cookies.SESSION),
                cookies.clear(dev.passgate.login.DeviceCookie.NAME)).build();
    }

    private String browser() {
        return UserAgents.summary(headers.getHeaderString(HttpHeaders.USER_AGENT));
    }
}
