package dev.passgate.protocol.token;

import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;

import dev.passgate.audit.AuditContext;
import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.client.ClientAuthenticator;
import dev.passgate.security.Secrets;

/**
 * RFC 7009. Revoking a refresh token revokes its whole grant (§2.1: "SHOULD also invalidate all
 * access tokens based on the same authorization grant"). A token that is unknown, or belongs to
 * another client, is answered 200 all the same (§2.2), so the endpoint reveals nothing.
 */
public final class RevocationService {
    private final ClientAuthenticator authenticator;
    private final TokenStore tokens;
    private final GrantStore grants;
    private final Clock clock;

    private final AuditLog audit;

    public RevocationService(ClientAuthenticator authenticator, TokenStore tokens, GrantStore grants, AuditLog audit,
                             Clock clock) {
        this.audit = audit;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.grants = grants;
        this.clock = clock;
    }

    public HTTPResponse handle(HTTPRequest http) {
        TokenRevocationRequest request;
        try {
            request = TokenRevocationRequest.parse(http);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return error(e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST, e.getMessage());
        } catch (IllegalArgumentException e) { // Nimbus fails on the request's own non-ASCII words in its error
            return error(OAuth2Error.INVALID_REQUEST, "The revocation request is malformed");
        }
        ClientAuthenticator.Caller caller = authenticator.caller(request.getClientAuthentication(), request.getClientID(), false);
        if (caller.refused()) {
            return caller.refusal();
        }
        Client client = caller.client();
        AuditContext.client(client.id());
        String value = request.getToken().getValue();
        if (request.getToken() instanceof RefreshToken || !looksLikeJwt(value)) {
            tokens.findRefreshToken(Secrets.sha256(value))
                    .filter(r -> r.clientId().equals(client.id()))
                    // Recorded once, when it ends something: revoking a dead token again writes nothing.
                    .flatMap(r -> grants.revokeGrant(r.grantId(), clock.instant()))
                    .ifPresent(g -> audit.record(new AuditEvent(clock.instant(), "token.revoked", g.userId(), "refresh_token",
                            "client=" + client.id() + " grant=" + g.id())));
        } else {
            jti(value).flatMap(tokens::findAccessToken)
                    .filter(a -> a.clientId().equals(client.id()))
                    .filter(a -> tokens.revokeAccessToken(a.jti(), clock.instant())) // once, when it ends it
                    .ifPresent(a -> {
                        audit.record(new AuditEvent(clock.instant(), "token.revoked",
                                a.subject().equals(client.id()) ? Optional.empty() : Optional.of(a.subject()), "access_token",
                                "client=" + client.id() + " jti=" + a.jti()));
                    });
        }
        HTTPResponse ok = new HTTPResponse(HTTPResponse.SC_OK);
        ok.setCacheControl("no-store");
        return ok;
    }

    static boolean looksLikeJwt(String value) {
        return value.chars().filter(c -> c == '.').count() == 2;
    }

    /** The {@code jti} of a JWT we issued; the signature is irrelevant here because the record decides. */
    static java.util.Optional<String> jti(String value) {
        try {
            return java.util.Optional.ofNullable(SignedJWT.parse(value).getJWTClaimsSet().getJWTID());
        } catch (ParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static HTTPResponse error(ErrorObject error, String description) {
        return new com.nimbusds.oauth2.sdk.TokenErrorResponse(error.setDescription(ErrorObject.removeIllegalChars(description))).toHTTPResponse();
    }
}
