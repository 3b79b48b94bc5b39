package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class LogoutTokenVerifierTest {

    private static final RSAKey KEY = TestTokens.rsaKey("rsa-1");

    private final LogoutTokenVerifier verifier = new LogoutTokenVerifier(new Issuer(TestTokens.ISSUER),
            new ClientID(TestTokens.CLIENT_ID), TestTokens.jwks(KEY), Duration.ofSeconds(60),
            Clock.systemUTC(), new JtiReplayCache());

    @Test
    void validateWhenValidThenClaimsReturned() throws Exception {
        LogoutTokenClaimsSet claims = verifier.verify(TestTokens.sign(TestTokens.logoutTokenClaims(), KEY));

        assertEquals("sid-1", claims.getSessionID().getValue());
    }

    @Test
    void validateWhenTypedLogoutJwtThenAccepted() throws Exception {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().build(), KEY, new JOSEObjectType("logout+jwt"));

        assertEquals("user-123", verifier.verify(token).getSubject().getValue());
    }

    @Test
    void validateWhenSubOnlyThenAccepted() throws Exception {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().claim("sid", null), KEY);

        assertEquals("user-123", verifier.verify(token).getSubject().getValue());
    }

    @Test
    void validateWhenEventsMissingThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().claim("events", null), KEY);

        assertRejected(token, "events");
    }

    @Test
    void validateWhenEventsLackBackChannelLogoutThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims()
                .claim("events", java.util.Map.of("https://example.test/other-event", java.util.Map.of())), KEY);

        assertRejected(token, "event");
    }

    @Test
    void validateWhenNoncePresentThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().claim("nonce", "n-1"), KEY);

        assertRejected(token, "nonce");
    }

    @Test
    void validateWhenJtiReplayedThenRejected() throws Exception {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims(), KEY);
        verifier.verify(token);

        assertRejected(token, "jti");
    }

    @Test
    void validateWhenSameJtiInAnotherTokenThenRejected() throws Exception {
        JWTClaimsSet.Builder claims = TestTokens.logoutTokenClaims().jwtID("jti-1");
        verifier.verify(TestTokens.sign(claims, KEY));

        assertRejected(TestTokens.sign(claims.subject("someone-else"), KEY), "jti");
    }

    @Test
    void validateWhenWrongAudienceThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().audience("another-app"), KEY);

        assertRejected(token, "aud");
    }

    @Test
    void validateWhenWrongIssuerThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().issuer("https://evil.example"), KEY);

        assertRejected(token, "iss");
    }

    @Test
    void validateWhenSidAndSubMissingThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().subject(null).claim("sid", null), KEY);

        assertRejected(token, "sid");
    }

    @Test
    void validateWhenJtiMissingThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims().jwtID(null), KEY);

        assertRejected(token, "jti");
    }

    @Test
    void validateWhenIssuedInFutureThenRejected() {
        Instant now = Instant.now();
        String token = TestTokens.sign(TestTokens.logoutTokenClaims()
                .issueTime(Date.from(now.plusSeconds(300))).expirationTime(Date.from(now.plusSeconds(600))), KEY);

        assertRejected(token, "future");
    }

    @Test
    void validateWhenExpiredThenRejected() {
        Instant now = Instant.now();
        String token = TestTokens.sign(TestTokens.logoutTokenClaims()
                .issueTime(Date.from(now.minusSeconds(600))).expirationTime(Date.from(now.minusSeconds(300))), KEY);

        assertRejected(token, "expired");
    }

    @Test
    void validateWhenSignatureBadThenRejected() {
        String token = TestTokens.sign(TestTokens.logoutTokenClaims(), TestTokens.rsaKey(KEY.getKeyID()));

        assertRejected(token, "signature");
    }

    @Test
    void validateWhenUnsignedThenRejected() {
        assertRejected(new PlainJWT(TestTokens.logoutTokenClaims().build()).serialize(), "");
    }

    private void assertRejected(String token, String reasonFragment) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertTrue(e.getMessage().toLowerCase().contains(reasonFragment.toLowerCase()),
                () -> "expected the reason to mention '" + reasonFragment + "': " + e.getMessage());
    }
}
