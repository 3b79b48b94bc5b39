package dev.passgate.protocol.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.ErrorObject;
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
 * RFC 7662. Only authenticated confidential clients may ask: resource servers (scope
 * {@value #INTROSPECTION_SCOPE}) about any token, other clients about their own. An inactive,
 * unknown, expired or revoked token, or another client's, is simply {@code {"active": false}} (§2.2).
 */
public final class IntrospectionService {
    /** The scope that makes a client a resource server, allowed to introspect every client's tokens. */
    public static final String INTROSPECTION_SCOPE = "introspection";

    private final ClientAuthenticator authenticator;
    private final TokenVerifier verifier;
    private final TokenStore tokens;
    private final LiveGrants live;
    private final Clock clock;

    public IntrospectionService(ClientAuthenticator authenticator, TokenVerifier verifier, TokenStore tokens, LiveGrants live,
                                Clock clock) {
        this.authenticator = authenticator;
        this.verifier = verifier;
        this.tokens = tokens;
        this.live = live;
        this.clock = clock;
    }

    public HTTPResponse handle(HTTPRequest http) {
        TokenIntrospectionRequest request;
        try {
            request = TokenIntrospectionRequest.parse(http);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return new TokenErrorResponse(OAuth2Error.INVALID_REQUEST.setDescription(ErrorObject.removeIllegalChars(e.getMessage())))
                    .toHTTPResponse();
        } catch (IllegalArgumentException e) { // Nimbus fails on the request's own non-ASCII words in its error
            return new TokenErrorResponse(OAuth2Error.INVALID_REQUEST.setDescription("The introspection request is malformed"))
                    .toHTTPResponse();
        }
        ClientAuthenticator.Caller caller = authenticator.caller(request.getClientAuthentication(), null, true);
        if (caller.refused()) {
            return caller.refusal();
        }
        String value = request.getToken().getValue();
        // A resource server (a client granted the "introspection" scope) may ask about any token;
        // any other client only about its own: a token's subject and scope are not another client's business.
        boolean resourceServer = caller.client().allowedScope().contains(INTROSPECTION_SCOPE);
        Optional<TokenIntrospectionSuccessResponse> active = (RevocationService.looksLikeJwt(value)
                ? accessToken(value) : refreshToken(value))
                .filter(r -> resourceServer || caller.client().id().equals(r.getClientID().getValue()));
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
        return tokens.findRefreshToken(dev.passgate.security.Secrets.sha256(value))
                .filter(r -> r.usedAt().isEmpty() && now.isBefore(r.expiresAt()))
                .flatMap(r -> live.find(r.grantId(), now).map(LiveGrants.Live::grant).map(g ->
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
