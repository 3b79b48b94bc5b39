package dev.passgate.protocol.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;

import dev.passgate.audit.AuditContext;
import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.config.PassgateSettings.TokenSettings;
import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.client.ClientAuthenticator;
import dev.passgate.protocol.session.SessionIndex;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;

/**
 * The token endpoint (RFC 6749 §3.2): authorization_code with PKCE (RFC 7636), refresh_token with
 * rotation and reuse detection (RFC 9700 §4.14.2), and client_credentials.
 */
public final class TokenService {
    private final ClientAuthenticator authenticator;
    private final GrantStore grants;
    private final TokenStore tokens;
    private final LiveGrants live;
    private final SessionIndex sessions;
    private final TokenMinter minter;
    private final TokenSettings ttl;
    private final AuditLog audit;
    private final Clock clock;

    /** @param audit where each issued token is recorded (in the token request's own commit: no extra write) */
    public TokenService(ClientAuthenticator authenticator, GrantStore grants, TokenStore tokens, LiveGrants live, SessionIndex sessions,
                        TokenMinter minter, TokenSettings ttl, AuditLog audit, Clock clock) {
        this.audit = audit;
        this.authenticator = authenticator;
        this.grants = grants;
        this.tokens = tokens;
        this.live = live;
        this.sessions = sessions;
        this.minter = minter;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A protocol error answered to the client; never a 5xx for bad input. */
    private static final class Refusal extends Exception {
        final ErrorObject error;

        Refusal(ErrorObject error, String description) {
            super(description);
            this.error = error.setDescription(ErrorObject.removeIllegalChars(description));
        }
    }

    public HTTPResponse handle(HTTPRequest http) {
        TokenRequest request;
        try {
            request = TokenRequest.parse(http);
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
            return new TokenErrorResponse(error.setDescription(ErrorObject.removeIllegalChars(e.getMessage()))).toHTTPResponse();
        } catch (IllegalArgumentException e) { // Nimbus puts the request's own (non-ASCII) words into an error and fails
            return new TokenErrorResponse(OAuth2Error.INVALID_REQUEST.setDescription("The token request is malformed"))
                    .toHTTPResponse();
        }
        ClientAuthenticator.Caller caller = authenticator.caller(request.getClientAuthentication(), request.getClientID(), false);
        if (caller.refused()) {
            return caller.refusal();
        }
        Client client = caller.client();
        AuditContext.client(client.id()); // the trail's client column, for its filter
        try {
            GrantType type = request.getAuthorizationGrant().getType();
            if (!client.allowsGrant(type)) {
                throw new Refusal(OAuth2Error.UNAUTHORIZED_CLIENT, "This client is not registered for the " + type + " grant");
            }
            if (request.getAuthorizationGrant() instanceof AuthorizationCodeGrant code) {
                return codeGrant(client, code).toHTTPResponse();
            }
            if (request.getAuthorizationGrant() instanceof RefreshTokenGrant refresh) {
                return refreshGrant(client, refresh, request.getScope()).toHTTPResponse();
            }
            if (GrantType.CLIENT_CREDENTIALS.equals(type)) {
                return clientCredentials(client, request.getScope()).toHTTPResponse();
            }
            throw new Refusal(OAuth2Error.UNSUPPORTED_GRANT_TYPE, "Unsupported grant type " + type);
        } catch (Refusal r) {
            return new TokenErrorResponse(r.error).toHTTPResponse();
        }
    }

    private AccessTokenResponse codeGrant(Client client, AuthorizationCodeGrant request) throws Refusal {
        Instant now = clock.instant();
        IssuedCode code = grants.redeemCode(Secrets.sha256(request.getAuthorizationCode().getValue()), client.id(), now)
                .orElseThrow(() -> new Refusal(OAuth2Error.INVALID_GRANT, "Unknown or expired authorization code"));
        if (!code.clientId().equals(client.id())) {
            throw new Refusal(OAuth2Error.INVALID_GRANT, "This authorization code was issued to another client");
        }
        if (code.usedAt().isPresent()) {
            // RFC 6749 §4.1.2 / RFC 9700 §4.5: a replayed code is an attack on its tokens, so they all go.
            reuseDetected(code.grantId(), "authorization_code", client, now);
            throw new Refusal(OAuth2Error.INVALID_GRANT, "This authorization code was already used; the tokens issued"
                    + " with it have been revoked");
        }
        if (!now.isBefore(code.expiresAt())) {
            throw new Refusal(OAuth2Error.INVALID_GRANT, "The authorization code has expired");
        }
        // RFC 6749 §4.1.3: the same redirect_uri, compared exactly.
        if (request.getRedirectionURI() == null || !code.redirectUri().equals(request.getRedirectionURI().toString())) {
            throw new Refusal(OAuth2Error.INVALID_GRANT, "redirect_uri does not match the authorization request");
        }
        checkPkce(code, request.getCodeVerifier());

        LiveGrants.Live alive = live.find(code.grantId(), now)
                .orElseThrow(() -> new Refusal(OAuth2Error.INVALID_GRANT, "The authorization is no longer valid: the"
                        + " sign-in ended (sign-out, expiry or a disabled account) or was revoked"));
        Grant grant = alive.grant();
        User user = alive.user();
        grant.sid().ifPresent(sid -> sessions.addClient(sid, client.id()));
        return issue(client, grant, user, Scope.parse(grant.scope()), Scope.parse(grant.scope()), code.nonce().orElse(null), now, false);
    }

    /**
     * Ends the grant a replayed code or refresh token belongs to, and tells the trail once: the replay that ended
     * it (later replays of a dead grant add nothing, so a replaying caller cannot grow the trail).
     */
    private void reuseDetected(String grantId, String kind, Client client, Instant now) {
        grants.revokeGrant(grantId, now).ifPresent(ended -> audit.record(new AuditEvent(now, "token.reuse_detected",
                ended.userId(), kind, "client=" + client.id() + " grant=" + grantId)));
    }

    /** RFC 7636 §4.6, and RFC 9700 §4.8.2: a verifier without a prior challenge is a downgrade attempt. */
    private static void checkPkce(IssuedCode code, CodeVerifier verifier) throws Refusal {
        if (code.codeChallenge().isEmpty()) {
            if (verifier != null) {
                throw new Refusal(OAuth2Error.INVALID_GRANT, "code_verifier sent, but the authorization request had no"
                        + " code_challenge");
            }
            return;
        }
        if (verifier == null) {
            throw new Refusal(OAuth2Error.INVALID_GRANT, "code_verifier is required: the authorization request used PKCE");
        }
        CodeChallenge expected = CodeChallenge.compute(CodeChallengeMethod.S256, verifier);
        if (!Secrets.equal(expected.getValue(), code.codeChallenge().get())) {
            throw new Refusal(OAuth2Error.INVALID_GRANT, "code_verifier does not match the code_challenge");
        }
    }

    private AccessTokenResponse refreshGrant(Client client, RefreshTokenGrant request, Scope requested) throws Refusal {
        Instant now = clock.instant();
        IssuedRefreshToken token = tokens.redeemRefreshToken(Secrets.sha256(request.getRefreshToken().getValue()), client.id(), now)
                .orElseThrow(() -> new Refusal(OAuth2Error.INVALID_GRANT, "Unknown or expired refresh token"));
        if (!token.clientId().equals(client.id())) {
            throw new Refusal(OAuth2Error.INVALID_GRANT, "This refresh token was issued to another client");
        }
        if (token.usedAt().isPresent()) {
            // RFC 9700 §4.14.2: a rotated-out token came back, so one of its holders is an attacker.
            reuseDetected(token.grantId(), "refresh_token", client, now);
            throw new Refusal(OAuth2Error.INVALID_GRANT, "This refresh token was already used; the whole grant has"
                    + " been revoked. Sign in again.");
        }
        if (!now.isBefore(token.expiresAt())) {
            throw new Refusal(OAuth2Error.INVALID_GRANT, "The refresh token has expired");
        }
        LiveGrants.Live alive = live.find(token.grantId(), now)
                .orElseThrow(() -> new Refusal(OAuth2Error.INVALID_GRANT, "The authorization is no longer valid: the"
                        + " sign-in ended (sign-out, expiry or a disabled account) or was revoked. Sign in again."));
        Grant grant = alive.grant();
        Scope granted = Scope.parse(token.scope());
        if (requested != null && !granted.containsAll(requested)) {
            throw new Refusal(OAuth2Error.INVALID_SCOPE, "A refresh may narrow the scope, never widen it");
        }
        User user = alive.user();
        // RFC 6749 §6: a narrower request narrows the access token; the new refresh token keeps the grant's scope.
        return issue(client, grant, user, requested != null ? requested : granted, granted, null, now, true);
    }

    private AccessTokenResponse clientCredentials(Client client, Scope requested) throws Refusal {
        Instant now = clock.instant();
        Scope allowed = client.allowedScope();
        Scope scope = requested != null ? requested : allowed;
        if (!allowed.containsAll(scope)) {
            throw new Refusal(OAuth2Error.INVALID_SCOPE, "This client may request only: " + allowed);
        }
        Instant exp = now.plus(ttl.accessTtl());
        String jti = Secrets.timeOrderedId();
        SignedJWT jwt = minter.accessToken(jti, client.id(), client.id(), scope, now, exp, null);
        tokens.saveTokens(new IssuedAccessToken(jti, Optional.empty(), client.id(), client.id(), scope.toString(), exp,
                Optional.empty()), Optional.empty());
        audit.record(new AuditEvent(now, "token.issued", Optional.empty(), "client_credentials",
                "client=" + client.id() + " scope=" + scope));
        return new AccessTokenResponse(new Tokens(bearer(jwt, scope), null));
    }

    /** @param refreshing a refresh grant (rotation) rather than a code exchange */
    private AccessTokenResponse issue(Client client, Grant grant, User user, Scope scope, Scope refreshScope, String nonce,
                                      Instant now, boolean refreshing) {
        Instant exp = now.plus(ttl.accessTtl());
        String jti = Secrets.timeOrderedId();
        BearerAccessToken access = bearer(minter.accessToken(jti, client.id(), user.id(), scope, now, exp, grant), scope);

        Optional<IssuedRefreshToken> refreshRecord = Optional.empty();
        RefreshToken refresh = null;
        // offline_access asks for a refresh token that outlives the session; without it one is issued
        // only where the operator allows session-bound refresh tokens (the default).
        boolean wanted = refreshScope.contains(LiveGrants.OFFLINE_ACCESS) || ttl.refreshWithoutOfflineAccess();
        if (client.allowsGrant(GrantType.REFRESH_TOKEN) && wanted) {
            refresh = new RefreshToken(Secrets.newToken());
            // Rotation never extends the grant: its expiry is the absolute end of the refresh chain.
            Instant refreshExp = now.plus(ttl.refreshTtl()).isBefore(grant.expiresAt()) ? now.plus(ttl.refreshTtl()) : grant.expiresAt();
            refreshRecord = Optional.of(new IssuedRefreshToken(Secrets.sha256(refresh.getValue()), grant.id(), client.id(),
                    refreshScope.toString(), now, refreshExp, Optional.empty()));
        }
        tokens.saveTokens(new IssuedAccessToken(jti, Optional.of(grant.id()), client.id(), user.id(), scope.toString(), exp,
                Optional.empty()), refreshRecord);
        // The trail's "token issued / refreshed": which client, which grant, never a token.
        audit.record(new AuditEvent(now, refreshing ? "token.refreshed" : "token.issued", Optional.of(user.id()),
                refreshing ? "refresh_token" : "authorization_code", "client=" + client.id() + " grant=" + grant.id()
                        + " scope=" + scope + (refresh == null ? "" : refreshing ? " refresh=rotated" : " refresh=issued")));

        if (scope.contains("openid")) {
            SignedJWT idToken = minter.idToken(client, user, grant, nonce, access, now, now.plus(ttl.idTokenTtl()));
            return new OIDCTokenResponse(new OIDCTokens(idToken, access, refresh));
        }
        return new AccessTokenResponse(new Tokens(access, refresh));
    }

    private BearerAccessToken bearer(SignedJWT jwt, Scope scope) {
        return new BearerAccessToken(jwt.serialize(), ttl.accessTtl().toSeconds(), scope);
    }
}
