package dev.passgate.protocol.token;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.passgate.user.User;
import dev.passgate.protocol.keys.SigningKeys;

/**
 * Verifies tokens this provider signed: access tokens presented to its own resources (UserInfo,
 * SCIM, introspection) and ID tokens sent back as {@code id_token_hint}. An access token is valid
 * only while its database record and its grant are: that is what makes revocation real for JWTs.
 */
public final class TokenVerifier {
    private final String issuer;
    private final TokenStore tokens;
    private final LiveGrants live;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> accessTokens;
    private final DefaultJWTProcessor<SecurityContext> idTokenHints;

    /** A valid access token and what it stands for. */
    /** @param user the active account the token speaks for; empty for a client's own (client_credentials) token */
    public record VerifiedAccessToken(JWTClaimsSet claims, IssuedAccessToken record, Optional<User> user) {
    }

    public TokenVerifier(String issuer, SigningKeys keys, TokenStore tokens, LiveGrants live, Clock clock) {
        this.issuer = issuer;
        this.tokens = tokens;
        this.live = live;
        this.clock = clock;
        JWKSource<SecurityContext> ours = (JWKSelector selector, SecurityContext ctx) -> {
            JWKMatcher m = selector.getMatcher();
            String kid = m.getKeyIDs() == null || m.getKeyIDs().isEmpty() ? null : m.getKeyIDs().iterator().next();
            return selector.select(keys.publicKeysIncluding(kid));
        };
        Set<JWSAlgorithm> algs = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

        accessTokens = new DefaultJWTProcessor<>();
        accessTokens.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TokenMinter.ACCESS_TOKEN_TYPE));
        accessTokens.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, ours));
        accessTokens.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "jti", "client_id")));

        idTokenHints = new DefaultJWTProcessor<>();
        idTokenHints.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        idTokenHints.setJWSKeySelector(new JWSVerificationKeySelector<>(algs, ours));
        // OIDC RP-Initiated Logout §2: an expired ID token is still a fine hint, so only iss is checked.
        idTokenHints.setJWTClaimsSetVerifier((claims, ctx) -> {
            if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null) {
                throw new com.nimbusds.jwt.proc.BadJWTException("not an ID token from this issuer");
            }
        });
    }

    public Optional<VerifiedAccessToken> verifyAccessToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        JWTClaimsSet claims;
        try {
            claims = accessTokens.process(SignedJWT.parse(token), null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<IssuedAccessToken> record = tokens.findAccessToken(claims.getJWTID())
                .filter(r -> r.revokedAt().isEmpty() && now.isBefore(r.expiresAt()));
        if (record.isEmpty() || record.get().grantId().isEmpty()) { // client_credentials: no grant, no user
            return record.map(r -> new VerifiedAccessToken(claims, r, Optional.empty()));
        }
        return live.find(record.get().grantId().get(), now)
                .map(l -> new VerifiedAccessToken(claims, record.get(), Optional.of(l.user())));
    }

    public Optional<JWTClaimsSet> verifyIdTokenHint(String token) {
        try {
            return Optional.of(idTokenHints.process(SignedJWT.parse(token), null));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Optional.empty();
        }
    }

    public String issuer() {
        return issuer;
    }
}
