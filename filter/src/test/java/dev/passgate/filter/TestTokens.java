package dev.passgate.filter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Keys and token builders for tests; every builder starts from a valid token. */
final class TestTokens {

    static final String ISSUER = "https://op.example.test";
    static final String CLIENT_ID = "sample-app";
    static final String NONCE = "n-0S6_WzA2Mj";

    private TestTokens() {
    }

    static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWKSource serving the public halves of the keys. */
    static JWKSource<SecurityContext> jwks(JWK... keys) {
        return new ImmutableJWKSet<>(publicSet(keys));
    }

    static JWKSet publicSet(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet();
    }

    /** A valid ID token's claims, issued now, expiring in 5 minutes. */
    static JWTClaimsSet.Builder idTokenClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-123")
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("auth_time", now.getEpochSecond())
                .claim("nonce", NONCE)
                .claim("azp", CLIENT_ID)
                .claim("sid", "sid-1")
                .claim("amr", List.of("hwk", "user"))
                .claim("acr", "urn:passgate:acr:passkey")
                .claim("name", "Ada Lovelace")
                .claim("email", "ada@example.test")
                .claim("preferred_username", "ada")
                .claim("roles", List.of("user", "admin"));
    }

    /** A valid logout token's claims (Back-Channel Logout 1.0 §2.4). */
    static JWTClaimsSet.Builder logoutTokenClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-123")
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", "sid-1")
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
    }

    static String sign(JWTClaimsSet.Builder claims, RSAKey key) {
        return sign(claims.build(), key, null);
    }

    static String sign(JWTClaimsSet claims, RSAKey key, JOSEObjectType type) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(type).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWTClaimsSet.Builder claims, ECKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
