package dev.passgate.protocol.userinfo;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;

import dev.passgate.protocol.claims.UserClaims;
import dev.passgate.protocol.token.TokenVerifier;
import dev.passgate.user.User;
import dev.passgate.web.NimbusHttp;

/** OIDC Core §5.3: GET or POST, the access token in the Authorization header or the form body (RFC 6750 §2). */
@ApplicationScoped
@Path("/userinfo")
public class UserInfoResource {
    @Inject
    TokenVerifier verifier;

    @GET
    public Response get(@Context HttpServletRequest request) {
        return NimbusHttp.response(handle(request, null));
    }

    @POST
    public Response post(@Context HttpServletRequest request, String body) {
        return NimbusHttp.response(handle(request, body));
    }

    private HTTPResponse handle(HttpServletRequest servlet, String body) {
        // RFC 6750 §2.3 allows the URI query, §5.3 advises against it (tokens end up in logs and
        // history); Passgate takes the header or the form body only (RFC 9700 §2.4).
        String query = servlet.getQueryString();
        if (query != null && com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(query).containsKey("access_token")) {
            return new UserInfoErrorResponse(BearerTokenError.INVALID_REQUEST.setDescription(ErrorObject.removeIllegalChars(
                    "Send the access token in the Authorization header (Bearer) or the form body, not in the URL")))
                    .toHTTPResponse();
        }
        UserInfoRequest request;
        try {
            request = UserInfoRequest.parse(NimbusHttp.request(servlet, body));
        } catch (ParseException e) {
            return new UserInfoErrorResponse(e.getErrorObject() != null ? e.getErrorObject()
                    : BearerTokenError.MISSING_TOKEN).toHTTPResponse();
        } catch (IllegalArgumentException e) { // Nimbus fails on the request's own non-ASCII words in its error
            return new UserInfoErrorResponse(BearerTokenError.INVALID_REQUEST).toHTTPResponse();
        }
        Optional<TokenVerifier.VerifiedAccessToken> token = verifier.verifyAccessToken(request.getAccessToken().getValue());
        if (token.isEmpty()) {
            return new UserInfoErrorResponse(BearerTokenError.INVALID_TOKEN).toHTTPResponse();
        }
        Scope scope = Scope.parse(token.get().record().scope());
        if (!scope.contains("openid")) {
            return new UserInfoErrorResponse(BearerTokenError.INSUFFICIENT_SCOPE).toHTTPResponse();
        }
        Optional<User> user = token.get().user(); // read and checked active by the verifier
        if (user.isEmpty()) {
            return new UserInfoErrorResponse(BearerTokenError.INVALID_TOKEN).toHTTPResponse();
        }
        UserInfo info = new UserInfo(new Subject(user.get().id()));
        UserClaims.forScope(user.get(), scope).forEach(info::setClaim);
        return new UserInfoSuccessResponse(info).toHTTPResponse();
    }
}
