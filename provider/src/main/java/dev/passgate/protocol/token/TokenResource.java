package dev.passgate.protocol.token;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import dev.passgate.web.NimbusHttp;

/** The token (RFC 6749 §3.2), revocation (RFC 7009) and introspection (RFC 7662) endpoints. */
@ApplicationScoped
@Path("/")
public class TokenResource {
    @Inject
    TokenService tokens;
    @Inject
    RevocationService revocation;
    @Inject
    IntrospectionService introspection;
    @Inject
    dev.passgate.observe.TokenCounter counter;
    /** A grant's code, tokens and events: one commit (issue 13). */
    @Inject
    dev.passgate.transaction.OneTransaction oneTransaction;

    @POST
    @Path("token")
    public Response token(@Context HttpServletRequest request, String body) {
        var httpRequest = NimbusHttp.request(request, body);
        com.nimbusds.oauth2.sdk.http.HTTPResponse answer = oneTransaction.run(() -> tokens.handle(httpRequest));
        counter.count(com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(body), answer.indicatesSuccess());
        return NimbusHttp.response(answer);
    }

    @POST
    @Path("revoke")
    public Response revoke(@Context HttpServletRequest request, String body) {
        var httpRequest = NimbusHttp.request(request, body);
        return NimbusHttp.response(oneTransaction.run(() -> revocation.handle(httpRequest))); // the revocation and its event
    }

    @POST
    @Path("introspect")
    public Response introspect(@Context HttpServletRequest request, String body) {
        return NimbusHttp.response(introspection.handle(NimbusHttp.request(request, body)));
    }
}
