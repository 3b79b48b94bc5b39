package dev.passgate.protocol.token;

import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;



/** Guards the provider's own APIs (SCIM, admin) with access tokens it issued, per RFC 6750 §3. */
public final class BearerAccess {
    private final TokenVerifier verifier;

    public BearerAccess(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    public Response require(String authorization, String scope, Supplier<Response> action) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return challenge(BearerTokenError.MISSING_TOKEN);
        }
        var token = verifier.verifyAccessToken(authorization.substring(7).trim());
        if (token.isEmpty()) {
            return challenge(BearerTokenError.INVALID_TOKEN);
        }
        if (!Scope.parse(token.get().record().scope()).contains(scope)) {
            return challenge(BearerTokenError.INSUFFICIENT_SCOPE.setScope(new Scope(scope)));
        }
        return action.get();
    }

    private static Response challenge(BearerTokenError error) {
        return Response.status(error.getHTTPStatusCode() == 0 ? 401 : error.getHTTPStatusCode())
                .header("WWW-Authenticate", error.toWWWAuthenticateHeader())
                .header("Cache-Control", "no-store")
                .build();
    }
}
