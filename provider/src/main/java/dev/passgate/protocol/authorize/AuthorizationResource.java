package dev.passgate.protocol.authorize;

import dev.passgate.web.ClientAddress;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.passgate.config.PassgateSettings;
import dev.passgate.web.Cookies;
import dev.passgate.web.Views;

/** {@code /authorize}: parse, hand to {@link AuthorizationService}, map its outcome to HTTP. */
@ApplicationScoped
@Path("/authorize")
public class AuthorizationResource {
    @Inject
    AuthorizationService service;
    /** The request's interaction, session, code and events: one commit (issue 13). */
    @Inject
    dev.passgate.transaction.OneTransaction oneTransaction;
    @Inject
    AuthorizationResponder responder;
    @Inject
    Cookies cookies;
    @Inject
    PassgateSettings settings;
    @Inject
    java.time.Clock clock;
    @Context
    HttpHeaders headers;
    @Context
    jakarta.servlet.http.HttpServletRequest request;
    @Inject
    ClientAddress clientAddress;

    @GET
    public Response get(@Context UriInfo uri) {
        var params = URLUtils.parseParameters(uri.getRequestUri().getRawQuery());
        return answer(oneTransaction.run(() -> service.authorize(params, session())), null);
    }

    /** OIDC Core §3.1.2.1: the endpoint must accept POST with form parameters too. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(String body) {
        var params = URLUtils.parseParameters(body);
        return answer(oneTransaction.run(() -> service.authorize(params, session())), null);
    }

    /** Where the login sends the browser when it has finished; the interaction cookie's secret proves it is the same browser. */
    @GET
    @Path("resume")
    public Response resume(@QueryParam("interaction") String interaction) {
        String secret = cookies.interactionSecret(headers.getCookies(), interaction);
        String session = session();
        String browser = dev.passgate.web.UserAgents.summary(headers.getHeaderString(HttpHeaders.USER_AGENT));
        String network = ClientAddress.network(clientAddress.of(request));
        return answer(oneTransaction.run(() -> service.resume(interaction, secret, session, browser, network)), interaction);
    }

    private String session() {
        return cookies.value(headers.getCookies(), Cookies.SESSION);
    }

    /** @param finished the interaction this request finished, whose cookie is no longer needed */
    private Response answer(AuthorizeOutcome outcome, String finished) {
        if (outcome instanceof AuthorizeOutcome.Respond r) {
            Response.ResponseBuilder out = Response.fromResponse(responder.respond(r.response()));
            r.sessionCookie().ifPresent(c -> out.cookie(cookies.set(Cookies.SESSION, c, settings.sessionTtl())));
            if (finished != null) {
                out.cookie(cookies.clear(Cookies.interactionCookie(finished)));
            }
            return out.build();
        }
        if (outcome instanceof AuthorizeOutcome.Login l) {
            // From the issuer, never from the request: behind a TLS proxy the request says http.
            return Response.seeOther(settings.endpoint("/login?interaction=" + l.interactionId()))
                    .cookie(cookies.startInteraction(headers.getCookies(), l.interactionId(), l.browserSecret(),
                            settings.interactionTtl(), clock.instant()).toArray(NewCookie[]::new))
                    .header("Cache-Control", "no-store")
                    .build();
        }
        AuthorizeOutcome.ErrorPage e = (AuthorizeOutcome.ErrorPage) outcome;
        return Views.html(e.status(), e.view()).build();
    }
}
