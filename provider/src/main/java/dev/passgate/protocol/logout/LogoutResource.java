package dev.passgate.protocol.logout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;
import dev.passgate.web.ErrorView;
import dev.passgate.web.Views;
import dev.passgate.web.SecurityHeadersFilter;

/** {@code end_session_endpoint}: GET or POST (RP-Initiated Logout §2), plus our own confirmation form. */
@ApplicationScoped
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
    @Context
    HttpHeaders headers;

    @GET
    public Response get(@Context UriInfo uri) {
        return answer(URLUtils.parseParameters(uri.getRequestUri().getRawQuery()), session(), false);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(String body) {
        String cookie = session();
        Map<String, List<String>> params = URLUtils.parseParameters(body);
        List<String> token = params.remove(Csrf.FIELD);
        List<String> confirm = params.remove("confirm");
        Optional<SsoSession> session = sessions.current(cookie);
        boolean confirmed = confirm != null && token != null && session.isPresent()
                && csrf.verify(CSRF_PURPOSE, session.get().idHash(), token.get(0));
        return answer(params, cookie, confirmed);
    }

    private String session() {
        return cookies.value(headers.getCookies(), Cookies.SESSION);
    }

    private Response answer(Map<String, List<String>> params, String cookie, boolean confirmed) {
        Optional<SsoSession> session = sessions.current(cookie);
        LogoutService.Outcome outcome = logout.logout(params, session, confirmed);
        if (outcome instanceof LogoutService.Outcome.Confirm c) {
            List<LogoutViews.Field> fields = new ArrayList<>();
            c.params().forEach((k, values) -> values.forEach(v -> fields.add(new LogoutViews.Field(k, v))));
            // form-action also governs the redirect after the post: allow the checked post-logout origin.
            return Views.html(200, new LogoutViews.Confirm(fields, csrf.token(CSRF_PURPOSE, session.get().idHash())))
                    .header("Content-Security-Policy", SecurityHeadersFilter.cspWithFormAction(true, c.redirect()))
                    .build();
        }
        if (outcome instanceof LogoutService.Outcome.Invalid i) {
            return Views.html(400, ErrorView.of("logout.invalid.title", i.messageKey()).next("logout.invalid.still-signed-in"))
                    .build();
        }
        LogoutService.Outcome.Done done = (LogoutService.Outcome.Done) outcome;
        Response.ResponseBuilder out = done.redirect().isPresent()
                ? Response.seeOther(done.redirect().get()).header("Cache-Control", "no-store")
                : Views.html(200, new LogoutViews.Done());
        return out.cookie(cookies.clear(Cookies.SESSION)).build();
    }
}
