package dev.passgate.filter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Validates logout tokens per OpenID Connect Back-Channel Logout 1.0 §2.6. Nimbus's
 * {@link LogoutTokenValidator} checks the signature (RS256/ES256 only, as for ID tokens),
 * {@code iss}, {@code aud}, {@code exp}, the presence of {@code iat} and {@code jti}, the
 * back-channel logout event in {@code events}, {@code sid} or {@code sub}, and the absence
 * of {@code nonce}. This class adds the two checks it leaves to the caller: {@code iat} not
 * in the future (validated "in the same way as in ID Tokens") and {@code jti} not replayed.
 */
final class LogoutTokenVerifier {

    private final LogoutTokenValidator validator;
    private final Duration clockSkew;
    private final Clock clock;
    private final JtiReplayCache replays;

    LogoutTokenVerifier(Issuer issuer, ClientID clientId, JWKSource<SecurityContext> keys,
            Duration clockSkew, Clock clock, JtiReplayCache replays) {
        // false: accept both typ "logout+jwt" (§2.4 recommends it) and an untyped JWT.
        this.validator = new LogoutTokenValidator(issuer, clientId, false,
                new JWSVerificationKeySelector<>(IdTokenVerifier.ACCEPTED_ALGORITHMS, keys), null);
        this.validator.setMaxClockSkew((int) clockSkew.toSeconds());
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.replays = replays;
    }

    /**
     * @return the validated claims; each token is accepted once
     * @throws TokenRejectedException       the token failed a check (the message says which)
     * @throws ProviderUnavailableException the signing keys could not be fetched
     */
    LogoutTokenClaimsSet verify(String logoutToken) throws TokenRejectedException, ProviderUnavailableException {
        JWT jwt;
        try {
            jwt = JWTParser.parse(logoutToken);
        } catch (ParseException e) {
            throw new TokenRejectedException("The logout token is not a JWT", e);
        }
        LogoutTokenClaimsSet claims;
        try {
            claims = validator.validate(jwt);
        } catch (KeySourceException e) {
            throw new ProviderUnavailableException("The provider's signing keys could not be fetched", e);
        } catch (BadJOSEException | JOSEException e) {
            throw new TokenRejectedException("Logout token rejected: " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        // §2.6: iat validated as for ID tokens (Core §3.1.3.7 step 10): not issued in the future.
        if (claims.getIssueTime().toInstant().isAfter(now.plus(clockSkew))) {
            throw new TokenRejectedException("Logout token rejected: issued in the future");
        }
        // §2.6: a logout token with a jti already received within its lifetime is a replay.
        Instant keepUntil = claims.getExpirationTime().toInstant().plus(clockSkew);
        if (!replays.firstUse(claims.getJWTID().getValue(), keepUntil, now)) {
            throw new TokenRejectedException("Logout token rejected: jti already used");
        }
        return claims;
    }
}
