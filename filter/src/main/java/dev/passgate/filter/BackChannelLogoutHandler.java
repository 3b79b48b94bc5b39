package dev.passgate.filter;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.BackChannelLogoutRequest;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OIDC Back-Channel Logout 1.0 endpoint: the provider POSTs a signed logout token
 * (§2.5); once it validates (§2.6), the matching sign-ins are ended (§2.7) and the answer is
 * 200, or 400 with a JSON error (§2.8). Never cached.
 */
final class BackChannelLogoutHandler {

    private static final Logger LOG = Logger.getLogger(BackChannelLogoutHandler.class.getName());

    private final ProviderMetadataCache providers;
    private final SessionRevocations revocations;
    private final Clock clock;

    BackChannelLogoutHandler(ProviderMetadataCache providers, SessionRevocations revocations, Clock clock) {
        this.providers = providers;
        this.revocations = revocations;
        this.clock = clock;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorPages.noStore(response);
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            error(response, 405, OAuth2Error.INVALID_REQUEST.setDescription("Use POST"));
            return;
        }
        LogoutTokenClaimsSet claims;
        try {
            // §2.5: application/x-www-form-urlencoded with a logout_token parameter.
            BackChannelLogoutRequest logoutRequest = BackChannelLogoutRequest.parse(Requests.parameters(request));
            claims = providers.get().logoutTokens().verify(logoutRequest.getLogoutToken().serialize());
        } catch (ParseException e) {
            error(response, 400, OAuth2Error.INVALID_REQUEST.setDescription("Missing or malformed logout_token"));
            return;
        } catch (TokenRejectedException e) {
            LOG.log(Level.WARNING, "Passgate: {0}", e.getMessage());
            error(response, 400, OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage()));
            return;
        } catch (ProviderUnavailableException e) {
            // Not the token's fault: a 5xx tells the provider a retry may succeed.
            error(response, 503, OAuth2Error.TEMPORARILY_UNAVAILABLE
                    .setDescription("Signing keys unavailable, retry later"));
            return;
        }
        Instant now = clock.instant();
        if (claims.getSessionID() != null) {
            revocations.endProviderSession(claims.getSessionID().getValue(), now);
        } else {
            revocations.endSubject(claims.getSubject().getValue(), now);
        }
        response.setStatus(200);
    }

    private static void error(HttpServletResponse response, int status, ErrorObject error) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().print(error.toJSONObject().toJSONString());
    }
}
