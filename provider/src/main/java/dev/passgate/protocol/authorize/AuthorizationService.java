package dev.passgate.protocol.authorize;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;

import dev.passgate.web.ErrorView;
import dev.passgate.interaction.Acr;
import dev.passgate.interaction.Interaction;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.client.ClientRegistry;
import dev.passgate.protocol.logout.BackChannelNotifier;
import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.protocol.token.CodeIssuer;
import dev.passgate.protocol.token.TokenVerifier;
import dev.passgate.security.Secrets;

/**
 * The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2). It decides only <em>whether</em>
 * the user must sign in; the login decides how, then hands back a result and {@link #resume}
 * carries on (the interaction pattern of node-oidc-provider).
 *
 * <p>Order matters: until the client and its redirect URI are known to be registered, every error
 * is shown on our own page, never redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.11: no open redirector).
 */
public final class AuthorizationService {
    private final ClientRegistry clients;
    private final Sessions sessions;
    private final InteractionStore interactions;
    private final CodeIssuer codes;
    private final TokenVerifier tokens;
    private final BackChannelNotifier notifier;
    private final Issuer issuer;
    private final URI authorizationEndpoint;
    private final Duration interactionTtl;
    private final Clock clock;

    public AuthorizationService(ClientRegistry clients, Sessions sessions, InteractionStore interactions, CodeIssuer codes,
                                TokenVerifier tokens, BackChannelNotifier notifier, URI authorizationEndpoint,
                                Duration interactionTtl, Clock clock) {
        this.clients = clients;
        this.sessions = sessions;
        this.interactions = interactions;
        this.codes = codes;
        this.tokens = tokens;
        this.notifier = notifier;
        this.issuer = new Issuer(tokens.issuer());
        this.authorizationEndpoint = authorizationEndpoint;
        this.interactionTtl = interactionTtl;
        this.clock = clock;
    }

    /** An error for the client, already known to be safe to send to its redirect URI. */
    private static final class Redirectable extends Exception {
        final ErrorObject error;

        Redirectable(ErrorObject error, String description) {
            super(description);
            this.error = error.setDescription(ErrorObject.removeIllegalChars(description));
        }
    }

    public AuthorizeOutcome authorize(Map<String, List<String>> params, String sessionCookie) {
        String clientIdParam = first(params, "client_id");
        Optional<Client> maybeClient = clients.find(clientIdParam);
        if (maybeClient.isEmpty()) {
            return new AuthorizeOutcome.ErrorPage(400, pageFor(params,
                    ErrorView.of("authorize.unknown-client.title", "authorize.unknown-client.message")));
        }
        Client client = maybeClient.get();
        URI redirectUri = parseUri(first(params, "redirect_uri"));
        if (!client.hasRedirectUri(redirectUri)) {
            return new AuthorizeOutcome.ErrorPage(400, pageFor(params,
                    ErrorView.of("authorize.bad-redirect.title", "authorize.bad-redirect.message")));
        }
        State state = Optional.ofNullable(first(params, "state")).map(State::new).orElse(null);
        ResponseMode mode = "form_post".equals(first(params, "response_mode")) ? ResponseMode.FORM_POST : ResponseMode.QUERY;
        try {
            AuthenticationRequest request = validate(client, params);
            return decide(client, request, sessions.current(sessionCookie));
        } catch (Redirectable r) {
            return new AuthorizeOutcome.Respond(
                    new AuthorizationErrorResponse(redirectUri, r.error, state, issuer, mode), Optional.empty());
        }
    }

    /** What the paused request and its code may hold (interactions.request_params, authorization_codes.nonce). */
    static final int MAX_REQUEST_CHARS = 16_000, MAX_NONCE_CHARS = 512;

    private AuthenticationRequest validate(Client client, Map<String, List<String>> params) throws Redirectable {
        if (URLUtils.serializeParameters(params).length() > MAX_REQUEST_CHARS) {
            throw new Redirectable(OAuth2Error.INVALID_REQUEST, "The authorization request is too large");
        }
        String nonce = first(params, "nonce");
        if (nonce != null && nonce.length() > MAX_NONCE_CHARS) {
            throw new Redirectable(OAuth2Error.INVALID_REQUEST, "nonce may be at most " + MAX_NONCE_CHARS + " characters");
        }
        if (params.containsKey("request")) {
            throw new Redirectable(OAuth2Error.REQUEST_NOT_SUPPORTED, "Request objects are not supported");
        }
        if (params.containsKey("request_uri")) {
            throw new Redirectable(OAuth2Error.REQUEST_URI_NOT_SUPPORTED, "request_uri is not supported");
        }
        String responseMode = first(params, "response_mode");
        if (responseMode != null && !responseMode.equals("query") && !responseMode.equals("form_post")) {
            throw new Redirectable(OAuth2Error.INVALID_REQUEST, "response_mode must be query or form_post");
        }
        if (!"code".equals(first(params, "response_type"))) {
            throw new Redirectable(OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, "Only response_type=code is supported");
        }
        Scope scope = Scope.parse(first(params, "scope"));
        if (scope == null || !scope.contains("openid")) {
            throw new Redirectable(OAuth2Error.INVALID_SCOPE, "The scope must include openid");
        }
        AuthenticationRequest request;
        try {
            request = AuthenticationRequest.parse(params);
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
            throw new Redirectable(error, e.getMessage());
        }
        if (!client.allowsGrant(GrantType.AUTHORIZATION_CODE) || !request.getResponseType().equals(ResponseType.CODE)) {
            throw new Redirectable(OAuth2Error.UNAUTHORIZED_CLIENT, "This client may not use the authorization code flow");
        }
        if (!client.allowedScope().contains("openid")) {
            throw new Redirectable(OAuth2Error.INVALID_SCOPE, "This client may not request openid");
        }
        // RFC 7636 and RFC 9700 §2.1.1: S256 only; required for public clients.
        if (request.getCodeChallenge() == null) {
            if (client.isPublic()) {
                throw new Redirectable(OAuth2Error.INVALID_REQUEST, "PKCE is required: send code_challenge with"
                        + " code_challenge_method=S256");
            }
        } else if (!CodeChallengeMethod.S256.equals(request.getCodeChallengeMethod())) {
            throw new Redirectable(OAuth2Error.INVALID_REQUEST, "code_challenge_method must be S256");
        }
        Prompt prompt = request.getPrompt();
        if (prompt != null && !prompt.isValid()) {
            throw new Redirectable(OAuth2Error.INVALID_REQUEST, "prompt=none cannot be combined with other values");
        }
        return request;
    }

    /** The interaction policy: which checks force a login, in order (OIDC Core §3.1.2.1). */
    private AuthorizeOutcome decide(Client client, AuthenticationRequest request, Optional<SsoSession> session)
            throws Redirectable {
        Instant now = clock.instant();
        Optional<String> hintSubject = Optional.empty();
        if (request.getIDTokenHint() != null) {
            hintSubject = tokens.verifyIdTokenHint(request.getIDTokenHint().serialize()).map(JWTClaimsSet::getSubject);
            if (hintSubject.isEmpty()) {
                throw new Redirectable(OAuth2Error.INVALID_REQUEST, "id_token_hint is not a valid ID token from this issuer");
            }
        }
        String reason = null;
        if (session.isEmpty()) {
            reason = "no_session";
        } else if (request.getPrompt() != null && request.getPrompt().contains(Prompt.Type.LOGIN)) {
            reason = "prompt_login";
        } else if (request.getMaxAge() >= 0
                && session.get().authTime().plusSeconds(request.getMaxAge()).isBefore(now)) {
            reason = "max_age";
        } else if (hintSubject.isPresent() && !hintSubject.get().equals(session.get().userId())) {
            reason = "id_token_hint_other_user";
        } else if (requestedAcr(request).filter(wanted -> !Acr.meets(session.get().acr(), wanted)).isPresent()) {
            reason = "acr_values"; // a step-up: the session's sign-in is weaker than the application asks for
        }
        boolean none = request.getPrompt() != null && request.getPrompt().contains(Prompt.Type.NONE);
        if (reason == null) {
            return new AuthorizeOutcome.Respond(success(client, request, session.get()), Optional.empty());
        }
        if (none) {
            throw new Redirectable(OIDCError.LOGIN_REQUIRED, "The user must sign in (" + reason + ")");
        }
        String interactionId = Secrets.newToken();
        String browserSecret = Secrets.newToken();
        interactions.save(new Interaction(Secrets.sha256(interactionId), Secrets.sha256(browserSecret), client.id(),
                request.toParameters(), now, now.plus(interactionTtl), Optional.empty()));
        return new AuthorizeOutcome.Login(interactionId, browserSecret);
    }

    /**
     * The weakest acceptable class the request names, from {@code acr_values} or the {@code acr}
     * claim of the {@code claims} parameter (OIDC Core §5.5.1.1). The ID token then reports the
     * class actually reached, never the one asked for.
     */
    private static Optional<String> requestedAcr(AuthenticationRequest request) {
        return Acr.requested(Optional.ofNullable(request.getACRValues()).map(v -> String.join(" ",
                v.stream().map(a -> a.getValue()).toList())),
                Optional.ofNullable(request.getOIDCClaims()).map(c -> c.toJSONString()));
    }

    /**
     * Carries on after the login: starts the session from the login's result and answers the
     * original request. The interaction is single use.
     */
    public AuthorizeOutcome resume(String interactionId, String browserSecret, String sessionCookie) {
        return resume(interactionId, browserSecret, sessionCookie, "", "");
    }

    /**
     * @param browser the browser's summary and {@code network} its anonymised address, kept with the session for
     *                the account pages' "where you are signed in"
     */
    public AuthorizeOutcome resume(String interactionId, String browserSecret, String sessionCookie, String browser,
                                   String network) {
        Optional<Interaction> found = interactionId == null ? Optional.empty()
                : interactions.find(Secrets.sha256(interactionId)).filter(i -> i.isBoundTo(browserSecret));
        if (found.isEmpty()) {
            return expired(Optional.empty());
        }
        Interaction interaction = found.get();
        URI restart = URI.create(authorizationEndpoint + "?" + URLUtils.serializeParameters(interaction.requestParams()));
        if (interaction.isExpiredAt(clock.instant())) {
            interactions.delete(interaction.idHash());
            return expired(Optional.of(restart));
        }
        if (interaction.result().isEmpty()) { // a prefetch or the back button: the login is still running
            return new AuthorizeOutcome.Login(interactionId, browserSecret);
        }
        if (!interactions.delete(interaction.idHash())) { // a parallel resume consumed it: one code per login
            return expired(Optional.empty());
        }
        Client client = clients.find(interaction.clientId()).orElse(null);
        AuthenticationRequest request;
        try {
            request = AuthenticationRequest.parse(interaction.requestParams());
        } catch (ParseException e) {
            request = null;
        }
        if (client == null || request == null) { // the client was removed from configuration meanwhile
            return expired(Optional.empty());
        }
        Sessions.Started started = sessions.start(interaction.result().get(), sessionCookie, browser, network);
        // The replaced session has ended: its clients hear of it as they would of a logout.
        started.replaced().ifPresent(old -> notifier.notifyClients(started.replacedClients(), old.userId(), old.sid()));
        return new AuthorizeOutcome.Respond(success(client, request, started.session()),
                Optional.of(started.cookieValue()));
    }

    private AuthenticationSuccessResponse success(Client client, AuthenticationRequest request, SsoSession session) {
        Scope scope = new Scope();
        request.getScope().stream().filter(client.allowedScope()::contains).forEach(scope::add);
        AuthorizationCode code = codes.issue(client.id(), request.getRedirectionURI(), scope, request.getCodeChallenge(),
                request.getCodeChallengeMethod(), request.getNonce(), session);
        ResponseMode mode = request.getResponseMode() == null ? ResponseMode.QUERY : request.getResponseMode();
        // RFC 9207: iss in every authorization response, so a client can tell which provider answered.
        return new AuthenticationSuccessResponse(request.getRedirectionURI(), code, null, null, request.getState(), null,
                issuer, mode);
    }

    private static AuthorizeOutcome expired(Optional<URI> restart) {
        ErrorView page = ErrorView.of("authorize.expired.title", "authorize.expired.message")
                .next(restart.isPresent() ? "authorize.expired.restart" : "error.go-back").restartAt(restart);
        return new AuthorizeOutcome.ErrorPage(400, page);
    }

    /** The page in the language the request asked for (ui_locales), even when the request itself is refused. */
    private static ErrorView pageFor(Map<String, List<String>> params, ErrorView page) {
        return new ErrorView(page.titleKey(), page.messageKey(), page.args(), page.nextKey(), page.restart(),
                Optional.ofNullable(first(params, "ui_locales")));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static URI parseUri(String value) {
        if (value == null) {
            return null;
        }
        try {
            return new URI(value);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

}
