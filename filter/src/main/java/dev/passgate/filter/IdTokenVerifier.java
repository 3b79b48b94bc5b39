package dev.passgate.filter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;

/**
 * Validates ID tokens per OpenID Connect Core 1.0 §3.1.3.7, with Nimbus's
 * {@link IDTokenValidator}: signature against the provider's JWKS (step 6), {@code iss}
 * (step 2), {@code aud} (step 3), {@code azp} when present (steps 4-5), {@code exp} (step 9),
 * {@code iat} not in the future beyond the clock skew (step 10) and {@code nonce} (step 11).
 * Thread-safe; one instance per provider.
 */
final class IdTokenVerifier {

    /**
     * Asymmetric signatures only (step 7 leaves the choice to the client). Never
     * {@code none}, which is no signature at all, and never HMAC: it would let anyone who
     * knows the key material the verifier holds - here the provider's public key - forge
     * tokens (the "algorithm confusion" attack).
     */
    static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final IDTokenValidator validator;
    private final ClientID clientId;

    IdTokenVerifier(Issuer issuer, ClientID clientId, JWKSource<SecurityContext> keys, Duration clockSkew) {
        this.validator = new IDTokenValidator(issuer, clientId,
                new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys), null);
        this.validator.setMaxClockSkew((int) clockSkew.toSeconds());
        this.clientId = clientId;
    }

    /**
     * @param idToken       the compact-serialized ID token
     * @param expectedNonce the nonce sent in the authentication request; {@code null} only for
     *                      ID tokens from a refresh, which carry none (Core §12.2)
     * @return the validated claims
     * @throws TokenRejectedException       the token failed a check (the message says which)
     * @throws ProviderUnavailableException the signing keys could not be fetched
     */
    IDTokenClaimsSet verify(String idToken, Nonce expectedNonce)
            throws TokenRejectedException, ProviderUnavailableException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new TokenRejectedException("The ID token is not a JWT", e);
        }
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(jwt, expectedNonce);
        } catch (KeySourceException e) {
            throw new ProviderUnavailableException("The provider's signing keys could not be fetched", e);
        } catch (BadJOSEException | JOSEException e) {
            throw new TokenRejectedException("ID token rejected: " + e.getMessage(), e);
        }
        // Step 5: Nimbus checks azp only when there are several audiences; a present azp
        // naming another client means the token was issued for someone else.
        if (claims.getAuthorizedParty() != null && !clientId.getValue().equals(claims.getAuthorizedParty().getValue())) {
            throw new TokenRejectedException("ID token rejected: unexpected authorized party (azp) claim");
        }
        return claims;
    }
}
