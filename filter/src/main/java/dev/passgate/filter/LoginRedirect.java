package dev.passgate.filter;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.passgate.filter.PendingLogins.PendingLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;

/**
 * Starts a sign-in: remembers state, nonce, PKCE verifier and return path in the session and
 * sends the browser to the provider's authorization endpoint (OIDC Core §3.1.2.1).
 */
final class LoginRedirect {

    private final FilterSettings settings;
    private final ProviderMetadataCache providers;
    private final Clock clock;
    private final ClientID clientId;
    private final Scope scope;

    LoginRedirect(FilterSettings settings, ProviderMetadataCache providers, Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.clock = clock;
        this.clientId = new ClientID(settings.clientId());
        this.scope = new Scope(settings.scopes().toArray(String[]::new));
    }

    void start(HttpServletRequest request, HttpServletResponse response, String returnPath)
            throws IOException, ProviderUnavailableException {
        // Metadata first: while the provider is down, no session is created for nothing.
        URI authorizationEndpoint = providers.get().metadata().getAuthorizationEndpointURI();
        // Fresh random values per sign-in (Nimbus: 256 bits each): state against CSRF on the
        // callback (RFC 6749 §10.12), nonce against ID token replay (Core §3.1.2.1), and a
        // PKCE S256 verifier against code interception (RFC 7636 §4.1-4.2; RFC 9700 §2.1.1).
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        HttpSession session = request.getSession(true);
        PendingLogins pending = PendingLogins.in(session);
        pending.add(new PendingLogin(state.getValue(), nonce.getValue(), verifier.getValue(),
                returnPath, clock.instant()));
        // Re-set so replicating containers see the change.
        session.setAttribute(PendingLogins.ATTRIBUTE, pending);
        AuthenticationRequest authenticationRequest = new AuthenticationRequest.Builder(
                ResponseType.CODE, scope, clientId, Requests.callback(request, settings))
                .endpointURI(authorizationEndpoint)
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        ErrorPages.noStore(response);
        response.sendRedirect(authenticationRequest.toURI().toString());
    }
}
