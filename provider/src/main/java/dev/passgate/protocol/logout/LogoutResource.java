package dev.passgate.protocol.logout;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;
import dev.passgate.web.Html;
import dev.passgate.web.SecurityHeadersFilter;

/** {@code end_session_endpoint}: GET or POST (RP-Initiated Logout §2), plus our own confirmation form. */
@RequestScoped
@Path("/logout")
public class LogoutResource {
    private static final String CSRF_PURPOSE = "logout";

    @Inject
    LogoutService logout;
    @Inject
    Sessions sessions;
    @Inject
    Cookies cookies;
    @Inject
    Csrf csrf;

    @GET
    public Response get(@Context UriInfo uri, @CookieParam(Cookies.SESSION) String cookie) {
        return answer(URLUtils.parseParameters(uri.getRequestUri().getRawQuery()), cookie, false);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(String body, @CookieParam(Cookies.SESSION) String cookie) {
        Map<String, List<String>> params = URLUtils.parseParameters(body);
        List<String> token = params.remove(Csrf.FIELD);
        List<String> confirm = params.remove("confirm");
        Optional<SsoSession> session = sessions.current(cookie);
        boolean confirmed = confirm != null && token != null && session.isPresent()
                && csrf.verify(CSRF_PURPOSE, session.get().idHash(), token.get(0));
        return answer(params, cookie, confirmed);
    }

    private Response answer(Map<String, List<String>> params, String cookie, boolean confirmed) {
        Optional<SsoSession> session = sessions.current(cookie);
        LogoutService.Outcome outcome = logout.logout(params, session, confirmed);
        if (outcome instanceof LogoutService.Outcome.Confirm c) {
            StringBuilder hidden = new StringBuilder();
            c.params().forEach((k, values) -> values.forEach(v -> hidden.append("<input type=\"hidden\" name=\"")
                    .append(Html.escape(k)).append("\" value=\"").append(Html.escape(v)).append("\">")));
            String body = "<p>Do you want to sign out of Passgate? You will be signed out of the applications you"
                    + " used with it, too.</p><form method=\"post\" action=\"/logout\">" + hidden
                    + csrf.hiddenField(CSRF_PURPOSE, session.get().idHash())
                    + "<input type=\"hidden\" name=\"confirm\" value=\"yes\"><button type=\"submit\">Sign out</button></form>";
            // form-action also governs the redirect after the post: allow the checked post-logout origin.
            String origin = c.redirect().map(u -> " " + u.getScheme() + "://" + u.getRawAuthority()).orElse("");
            return html(200, Html.page("Sign out", body)).header("Content-Security-Policy",
                    SecurityHeadersFilter.DEFAULT_CSP.replace("form-action 'self'", "form-action 'self'" + origin)).build();
        }
        if (outcome instanceof LogoutService.Outcome.Invalid i) {
            return html(400, Html.page("Sign-out problem", Html.alert(i.message()
                    + " You are still signed in. Go back to the application and sign out from there."))).build();
        }
        LogoutService.Outcome.Done done = (LogoutService.Outcome.Done) outcome;
        Response.ResponseBuilder out = done.redirect().isPresent()
                ? Response.seeOther(done.redirect().get()).header("Cache-Control", "no-store")
                : html(200, Html.page("You are signed out", "<p>You have been signed out. You can close this window.</p>"));
        return out.cookie(cookies.clear(Cookies.SESSION)).build();
    }

    private static Response.ResponseBuilder html(int status, String page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(page);
    }
}
