package dev.passgate.filter;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sign-out link: ends the local session, then asks the provider to end its own
 * (OIDC RP-Initiated Logout 1.0 §2) and come back to the post-logout URL. Any method is
 * accepted so a plain link works; a forged link can only sign the user out.
 */
final class LogoutHandler {

    private static final Logger LOG = Logger.getLogger(LogoutHandler.class.getName());

    private final FilterSettings settings;
    private final ProviderMetadataCache providers;
    private final ClientID clientId;

    LogoutHandler(FilterSettings settings, ProviderMetadataCache providers) {
        this.settings = settings;
        this.providers = providers;
        this.clientId = new ClientID(settings.clientId());
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        SignedInSession signedIn = SignedInSession.in(session);
        if (session != null) {
            SessionGuard.end(session);
        }
        URI afterLogout = settings.postLogoutRedirect() != null
                ? settings.postLogoutRedirect() : Requests.contextRoot(request);
        ErrorPages.noStore(response);
        response.sendRedirect(endSessionUrl(signedIn, afterLogout).toString());
    }

    /**
     * The provider's end_session_endpoint with id_token_hint (so it knows whose session and
     * which client, §2), client_id, post_logout_redirect_uri and state. Without that endpoint,
     * or while the provider is unreachable, the local sign-out is all we can do.
     */
    private URI endSessionUrl(SignedInSession signedIn, URI afterLogout) {
        URI endSession;
        try {
            endSession = providers.get().metadata().getEndSessionEndpointURI();
        } catch (ProviderUnavailableException e) {
            LOG.log(Level.WARNING, "Passgate: signed out locally only, provider unavailable");
            return afterLogout;
        }
        if (endSession == null) {
            return afterLogout;
        }
        JWT idTokenHint = null;
        if (signedIn != null) {
            try {
                idTokenHint = JWTParser.parse(signedIn.tokens().idToken());
            } catch (ParseException e) {
                // validated at sign-in; cannot happen, and the hint is optional anyway
            }
        }
        return new LogoutRequest(endSession, idTokenHint, null, clientId, afterLogout, new State(), null)
                .toURI();
    }
}
