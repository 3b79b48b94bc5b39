package dev.passgate.filter;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.passgate.filter.PendingLogins.PendingLogin;
import dev.passgate.filter.ProviderMetadataCache.Provider;
import dev.passgate.filter.SignedInSession.Tokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finishes a sign-in at the redirect_uri: checks the authorization response, exchanges the
 * code, validates the ID token, then signs the user in under a new session id and sends them
 * back where they started. Every failure ends on a page that says what to do next.
 */
final class CallbackHandler {

    private static final Logger LOG = Logger.getLogger(CallbackHandler.class.getName());

    private final FilterSettings settings;
    private final ProviderMetadataCache providers;
    private final TokenClient tokenClient;
    private final LoginRedirect loginRedirect;
    private final SessionRevocations revocations;
    private final Clock clock;
    private final Issuer issuer;

    CallbackHandler(FilterSettings settings, ProviderMetadataCache providers, TokenClient tokenClient,
            LoginRedirect loginRedirect, SessionRevocations revocations, Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.tokenClient = tokenClient;
        this.loginRedirect = loginRedirect;
        this.revocations = revocations;
        this.clock = clock;
        this.issuer = new Issuer(settings.issuer());
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String home = ReturnPath.contextRoot(request.getContextPath());
        try {
            Provider provider = providers.get();
            AuthorizationResponse authorization;
            try {
                authorization = AuthorizationResponse.parse(Requests.callback(request, settings),
                        Requests.parameters(request));
            } catch (ParseException e) {
                unknownState(request, response, home);
                return;
            }
            HttpSession session = request.getSession(false);
            Optional<PendingLogin> pending = takePending(session, authorization);
            if (pending.isEmpty()) {
                unknownState(request, response, home);
                return;
            }
            finish(request, response, provider, authorization, pending.get(), session);
        } catch (ProviderUnavailableException e) {
            LOG.log(Level.WARNING, "Passgate: sign-in could not complete: {0}", e.getMessage());
            ErrorPages.html(response, Problem.PROVIDER_UNAVAILABLE, null, home);
        }
    }

    private void finish(HttpServletRequest request, HttpServletResponse response, Provider provider,
            AuthorizationResponse authorization, PendingLogin pending, HttpSession session)
            throws IOException, ProviderUnavailableException {
        String retry = pending.returnPath();
        // RFC 9207 §2.4: the iss parameter, when sent, must be our provider (mix-up defence);
        // a provider that advertises it must always send it.
        Issuer responseIssuer = authorization.getIssuer();
        if (responseIssuer != null ? !issuer.equals(responseIssuer)
                : provider.metadata().supportsAuthorizationResponseIssuerParam()) {
            reject(response, "Authorization response from the wrong issuer (RFC 9207)", retry);
            return;
        }
        if (!authorization.indicatesSuccess()) {
            providerError(response, authorization.toErrorResponse().getErrorObject(), retry);
            return;
        }
        AuthorizationCode code = authorization.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            reject(response, "Authorization response without a code", retry);
            return;
        }
        AccessTokenResponse tokenResponse;
        try {
            tokenResponse = tokenClient.exchangeCode(provider.metadata().getTokenEndpointURI(), code,
                    Requests.callback(request, settings), new CodeVerifier(pending.codeVerifier()));
        } catch (ProviderErrorException e) {
            providerError(response, e.error(), retry);
            return;
        }
        // OIDC Core §3.1.3.3: a successful token response to an authentication request has an ID token.
        if (!(tokenResponse instanceof OIDCTokenResponse oidc)
                || oidc.getOIDCTokens().getIDTokenString() == null) {
            reject(response, "Token response without an ID token", retry);
            return;
        }
        String idToken = oidc.getOIDCTokens().getIDTokenString();
        IDTokenClaimsSet claims;
        try {
            claims = provider.idTokens().verify(idToken, new Nonce(pending.nonce()));
        } catch (TokenRejectedException e) {
            reject(response, e.getMessage(), retry);
            return;
        }
        Instant now = clock.instant();
        Tokens tokens = Tokens.from(tokenResponse, idToken, claims.getExpirationTime().toInstant(), null, now);
        OidcUser user = OidcUser.fromClaims(claims.toJSONObject(), settings.rolesClaim(),
                tokens.accessToken(), tokens.expiresAt());
        SignedInSession signedIn = new SignedInSession(user, tokens, claims.getStringClaim("sid"), now);
        // Session fixation: whoever knew the pre-login session id must not inherit the sign-in.
        request.changeSessionId();
        session.setAttribute(SignedInSession.ATTRIBUTE, signedIn);
        revocations.tokensIssued(tokens.expiresAt());
        ErrorPages.noStore(response);
        response.sendRedirect(retry);
    }

    private Optional<PendingLogin> takePending(HttpSession session, AuthorizationResponse authorization) {
        if (session == null || authorization.getState() == null) {
            return Optional.empty();
        }
        Object attribute;
        try {
            attribute = session.getAttribute(PendingLogins.ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
        if (!(attribute instanceof PendingLogins pending)) {
            return Optional.empty();
        }
        // Single use: taken out whatever the outcome, so a replayed callback finds nothing.
        Optional<PendingLogin> login = pending.take(authorization.getState().getValue(), clock.instant());
        session.setAttribute(PendingLogins.ATTRIBUTE, pending);
        return login;
    }

    /**
     * A state we did not issue, already used or expired (RFC 6749 §10.12): nothing from this
     * response is used. Someone already signed in goes home; otherwise a fresh sign-in starts,
     * unless the browser sent no session cookie at all, where a new attempt would loop.
     */
    private void unknownState(HttpServletRequest request, HttpServletResponse response, String home)
            throws IOException, ProviderUnavailableException {
        if (SignedInSession.in(request.getSession(false)) != null) {
            ErrorPages.noStore(response);
            response.sendRedirect(home);
        } else if (request.getRequestedSessionId() == null) {
            ErrorPages.html(response, Problem.COOKIES_BLOCKED, null, home);
        } else {
            loginRedirect.start(request, response, home);
        }
    }

    /** RFC 6749 §4.1.2.1 / §5.2: the provider refused; access_denied is the user's own choice. */
    private static void providerError(HttpServletResponse response, ErrorObject error, String retry)
            throws IOException {
        if (OAuth2Error.ACCESS_DENIED.getCode().equals(error.getCode())) {
            ErrorPages.html(response, Problem.SIGN_IN_CANCELLED, null, retry);
            return;
        }
        String detail = error.getCode() + (error.getDescription() == null ? "" : ": " + error.getDescription());
        LOG.log(Level.INFO, "Passgate: the provider refused a sign-in: {0}", detail);
        Problem problem = OAuth2Error.TEMPORARILY_UNAVAILABLE.getCode().equals(error.getCode())
                ? Problem.PROVIDER_UNAVAILABLE : Problem.PROVIDER_ERROR;
        ErrorPages.html(response, problem, detail, retry);
    }

    private static void reject(HttpServletResponse response, String reason, String retry) throws IOException {
        LOG.log(Level.WARNING, "Passgate: sign-in response rejected: {0}", reason);
        ErrorPages.html(response, Problem.RESPONSE_REJECTED, null, retry);
    }
}
