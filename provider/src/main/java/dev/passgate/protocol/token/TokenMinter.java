package dev.passgate.protocol.token;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;

import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.keys.SigningKeys;
import dev.passgate.protocol.claims.UserClaims;
import dev.passgate.user.User;

/** Builds and signs the provider's JWTs: access tokens (RFC 9068), ID tokens (OIDC Core §2), logout tokens. */
public final class TokenMinter {
    public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
    public static final JOSEObjectType LOGOUT_TOKEN_TYPE = new JOSEObjectType("logout+jwt");

    private final String issuer;
    private final SigningKeys keys;

    public TokenMinter(String issuer, SigningKeys keys) {
        this.issuer = issuer;
        this.keys = keys;
    }

    /** RFC 9068 §2.2. The audience is the provider itself: its UserInfo and SCIM endpoints are the resource servers. */
    public SignedJWT accessToken(String jti, String clientId, String subject, Scope scope, Instant now, Instant exp,
                                 Grant grant) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(issuer)
                .subject(subject)
                .claim("client_id", clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(jti)
                .claim("scope", scope.toString());
        if (grant != null && grant.userId().isPresent()) {
            claims.claim("auth_time", grant.authTime().getEpochSecond())
                    .claim("acr", grant.acr())
                    .claim("amr", grant.amr());
        }
        return sign(JWSAlgorithm.RS256, ACCESS_TOKEN_TYPE, claims.build());
    }

    public SignedJWT idToken(Client client, User user, Grant grant, String nonce, AccessToken accessToken,
                             Instant now, Instant exp) {
        JWSAlgorithm alg = client.idTokenAlgorithm();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.id())
                .audience(client.id())
                .expirationTime(Date.from(exp))
                .issueTime(Date.from(now))
                .claim("auth_time", grant.authTime().getEpochSecond())
                .claim("azp", client.id())
                .claim("amr", grant.amr())
                .claim("acr", grant.acr());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        grant.sid().ifPresent(sid -> claims.claim("sid", sid));
        if (accessToken != null) { // OIDC Core §3.3.2.11: the hash binds the access token to this ID token
            claims.claim("at_hash", AccessTokenHash.compute(accessToken, alg, null).getValue());
        }
        for (Map.Entry<String, Object> c : UserClaims.forScope(user, Scope.parse(grant.scope())).entrySet()) {
            claims.claim(c.getKey(), c.getValue());
        }
        return sign(alg, JOSEObjectType.JWT, claims.build());
    }

    /** OIDC Back-Channel Logout 1.0 §2.4: no {@code nonce}, the logout event, and {@code sid}. */
    public SignedJWT logoutToken(Client client, String subject, String sid, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(client.id())
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sid)
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
                .build();
        return sign(client.idTokenAlgorithm(), LOGOUT_TOKEN_TYPE, claims);
    }

    private SignedJWT sign(JWSAlgorithm alg, JOSEObjectType type, JWTClaimsSet claims) {
        SigningKeys.Active signing = keys.current(alg);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(signing.key().kid()).type(type).build(), claims);
        try {
            jwt.sign(signing.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed with key " + signing.key().kid(), e);
        }
        return jwt;
    }
}
