package dev.passgate.protocol.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;

import dev.passgate.protocol.client.ClientAuthenticator;

/**
 * RFC 7662. Only authenticated confidential clients may ask; an inactive, unknown, expired or
 * revoked token is simply {@code {"active": false}} (§2.2).
 */
public final class IntrospectionService {
    private final ClientAuthenticator authenticator;
    private final TokenVerifier verifier;
    private final GrantStore grants;
    private final Clock clock;

    public IntrospectionService(ClientAuthenticator authenticator, TokenVerifier verifier, GrantStore grants, Clock clock) {
        this.authenticator = authenticator;
        this.verifier = verifier;
        this.grants = grants;
        this.clock = clock;
    }

    public HTTPResponse handle(HTTPRequest http) {
        TokenIntrospectionRequest request;
        try {
            request = TokenIntrospectionRequest.parse(http);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return new TokenErrorResponse(OAuth2Error.INVALID_REQUEST.setDescription(e.getMessage())).toHTTPResponse();
        }
        try {
            if (request.getClientAuthentication() == null) {
                throw new ClientAuthenticator.Failure("Introspection requires client authentication");
            }
            authenticator.authenticate(request.getClientAuthentication(), null);
        } catch (ClientAuthenticator.Failure f) {
            HTTPResponse response = new TokenErrorResponse(f.error()).toHTTPResponse();
            response.setHeader("WWW-Authenticate", "Basic realm=\"passgate\"");
            return response;
        }
        String value = request.getToken().getValue();
        Optional<TokenIntrospectionSuccessResponse> active = RevocationService.looksLikeJwt(value)
                ? accessToken(value) : refreshToken(value);
        return active.orElseGet(() -> new TokenIntrospectionSuccessResponse.Builder(false).build()).toHTTPResponse();
    }

    private Optional<TokenIntrospectionSuccessResponse> accessToken(String value) {
        return verifier.verifyAccessToken(value).map(v -> {
            JWTClaimsSet c = v.claims();
            return new TokenIntrospectionSuccessResponse.Builder(true)
                    .scope(Scope.parse(v.record().scope()))
                    .clientID(new ClientID(v.record().clientId()))
                    .tokenType(AccessTokenType.BEARER)
                    .subject(new Subject(c.getSubject()))
                    .issuer(new Issuer(c.getIssuer()))
                    .audience(c.getAudience().stream().map(Audience::new).toList())
                    .issueTime(c.getIssueTime())
                    .expirationTime(c.getExpirationTime())
                    .jwtID(new JWTID(c.getJWTID()))
                    .build();
        });
    }

    private Optional<TokenIntrospectionSuccessResponse> refreshToken(String value) {
        Instant now = clock.instant();
        return grants.findRefreshToken(dev.passgate.security.Secrets.sha256(value))
                .filter(r -> r.usedAt().isEmpty() && now.isBefore(r.expiresAt()))
                .flatMap(r -> grants.findGrant(r.grantId()).filter(g -> g.isUsableAt(now)).map(g ->
                        new TokenIntrospectionSuccessResponse.Builder(true)
                                .scope(Scope.parse(r.scope()))
                                .clientID(new ClientID(r.clientId()))
                                .subject(g.userId().map(Subject::new).orElse(null))
                                .issuer(new Issuer(verifier.issuer()))
                                .issueTime(Date.from(r.createdAt()))
                                .expirationTime(Date.from(r.expiresAt()))
                                .parameter("token_type", "refresh_token")
                                .build()));
    }
}
