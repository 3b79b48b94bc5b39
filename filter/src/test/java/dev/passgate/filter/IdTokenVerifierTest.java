package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdTokenVerifierTest {

    private static final RSAKey KEY = TestTokens.rsaKey("rsa-1");
    private static final ECKey EC_KEY = TestTokens.ecKey("ec-1");
    private static final Nonce NONCE = new Nonce(TestTokens.NONCE);

    private final IdTokenVerifier verifier = new IdTokenVerifier(new Issuer(TestTokens.ISSUER),
            new ClientID(TestTokens.CLIENT_ID), TestTokens.jwks(KEY, EC_KEY), Duration.ofSeconds(60));

    @Test
    void validateWhenValidRs256ThenClaimsReturned() throws Exception {
        IDTokenClaimsSet claims = verifier.verify(TestTokens.sign(TestTokens.idTokenClaims(), KEY), NONCE);

        assertEquals("user-123", claims.getSubject().getValue());
    }

    @Test
    void validateWhenValidEs256ThenClaimsReturned() throws Exception {
        IDTokenClaimsSet claims = verifier.verify(TestTokens.sign(TestTokens.idTokenClaims(), EC_KEY), NONCE);

        assertEquals("user-123", claims.getSubject().getValue());
    }

    @Test
    void validateWhenWrongIssuerThenRejected() {
        String token = TestTokens.sign(TestTokens.idTokenClaims().issuer("https://evil.example"), KEY);

        assertRejected(token, NONCE, "issuer");
    }

    @Test
    void validateWhenWrongAudienceThenRejected() {
        String token = TestTokens.sign(TestTokens.idTokenClaims().audience("another-app").claim("azp", null), KEY);

        assertRejected(token, NONCE, "audience");
    }

    @Test
    void validateWhenAzpIsAnotherClientThenRejected() {
        String token = TestTokens.sign(TestTokens.idTokenClaims().claim("azp", "another-app"), KEY);

        assertRejected(token, NONCE, "azp");
    }

    @Test
    void validateWhenNonceMissingThenRejected() {
        String token = TestTokens.sign(TestTokens.idTokenClaims().claim("nonce", null), KEY);

        assertRejected(token, NONCE, "nonce");
    }

    @Test
    void validateWhenNonceWrongThenRejected() {
        String token = TestTokens.sign(TestTokens.idTokenClaims().claim("nonce", "other-nonce"), KEY);

        assertRejected(token, NONCE, "nonce");
    }

    @Test
    void validateWhenExpiredThenRejected() {
        Instant now = Instant.now();
        String token = TestTokens.sign(TestTokens.idTokenClaims()
                .issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.minusSeconds(120))), KEY);

        assertRejected(token, NONCE, "expired");
    }

    @Test
    void validateWhenIssuedInFutureBeyondSkewThenRejected() {
        Instant now = Instant.now();
        String token = TestTokens.sign(TestTokens.idTokenClaims()
                .issueTime(Date.from(now.plusSeconds(120)))
                .expirationTime(Date.from(now.plusSeconds(600))), KEY);

        assertRejected(token, NONCE, "issue time");
    }

    @Test
    void validateWhenIssuedInFutureWithinSkewThenAccepted() throws Exception {
        Instant now = Instant.now();
        String token = TestTokens.sign(TestTokens.idTokenClaims()
                .issueTime(Date.from(now.plusSeconds(30))), KEY);

        assertEquals("user-123", verifier.verify(token, NONCE).getSubject().getValue());
    }

    @Test
    void validateWhenSignatureBadThenRejected() {
        RSAKey impostor = TestTokens.rsaKey(KEY.getKeyID());
        String token = TestTokens.sign(TestTokens.idTokenClaims(), impostor);

        assertRejected(token, NONCE, "signature");
    }

    @Test
    void validateWhenPayloadTamperedThenRejected() {
        String[] parts = TestTokens.sign(TestTokens.idTokenClaims(), KEY).split("\\.");
        String forgedPayload = com.nimbusds.jose.util.Base64URL.encode(
                TestTokens.idTokenClaims().subject("admin").build().toString()).toString();

        assertRejected(parts[0] + "." + forgedPayload + "." + parts[2], NONCE, "signature");
    }

    @Test
    void validateWhenAlgNoneThenRejected() {
        String token = new PlainJWT(TestTokens.idTokenClaims().build()).serialize();

        assertRejected(token, NONCE, "signed");
    }

    @Test
    void validateWhenHs256SignedWithPublicKeyBytesThenRejected() throws JOSEException {
        byte[] publicKeyAsSecret = KEY.toRSAPublicKey().getEncoded();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(),
                TestTokens.idTokenClaims().build());
        forged.sign(new MACSigner(publicKeyAsSecret));

        assertRejected(forged.serialize(), NONCE, "algorithm");
    }

    @Test
    void validateWhenHs256SignedWithPublicJwkJsonThenRejected() throws JOSEException {
        byte[] publicJwkAsSecret = KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(),
                TestTokens.idTokenClaims().build());
        forged.sign(new MACSigner(publicJwkAsSecret));

        assertRejected(forged.serialize(), NONCE, "algorithm");
    }

    @Test
    void validateWhenNotAJwtThenRejected() {
        assertRejected("not-a-token", NONCE, "not a JWT");
    }

    @Test
    void validateWhenKidUnknownThenJwksRefetchedAndAccepted() throws Exception {
        RSAKey oldKey = TestTokens.rsaKey("2026-01");
        RSAKey newKey = TestTokens.rsaKey("2026-02");
        try (JwksServer server = new JwksServer(TestTokens.publicSet(oldKey).toString())) {
            IdTokenVerifier remote = server.verifier();
            remote.verify(TestTokens.sign(TestTokens.idTokenClaims(), oldKey), NONCE);
            assertEquals(1, server.fetches.get());

            server.jwks.set(TestTokens.publicSet(newKey).toString());
            IDTokenClaimsSet claims = remote.verify(TestTokens.sign(TestTokens.idTokenClaims(), newKey), NONCE);

            assertEquals("user-123", claims.getSubject().getValue());
            assertEquals(2, server.fetches.get());
        }
    }

    @Test
    void validateWhenKidStillUnknownAfterRefetchThenRejected() throws Exception {
        RSAKey published = TestTokens.rsaKey("published");
        RSAKey unpublished = TestTokens.rsaKey("unpublished");
        try (JwksServer server = new JwksServer(TestTokens.publicSet(published).toString())) {
            IdTokenVerifier remote = server.verifier();

            assertThrows(TokenRejectedException.class,
                    () -> remote.verify(TestTokens.sign(TestTokens.idTokenClaims(), unpublished), NONCE));
        }
    }

    @Test
    void validateWhenJwksUnreachableThenProviderUnavailable() throws Exception {
        URL closed;
        try (JwksServer server = new JwksServer("{}")) {
            closed = server.url();
        }
        IdTokenVerifier remote = new IdTokenVerifier(new Issuer(TestTokens.ISSUER), new ClientID(TestTokens.CLIENT_ID),
                ProviderKeys.remote(closed, TestSettings.defaults()), Duration.ofSeconds(60));

        assertThrows(ProviderUnavailableException.class,
                () -> remote.verify(TestTokens.sign(TestTokens.idTokenClaims(), KEY), NONCE));
    }

    private void assertRejected(String token, Nonce nonce, String reasonFragment) {
        TokenRejectedException e = assertThrows(TokenRejectedException.class, () -> verifier.verify(token, nonce));
        assertTrue(e.getMessage().toLowerCase().contains(reasonFragment.toLowerCase()),
                () -> "expected the reason to mention '" + reasonFragment + "': " + e.getMessage());
    }

    /** A provider's jwks_uri on 127.0.0.1 whose key set a test can rotate. */
    static final class JwksServer implements AutoCloseable {

        final AtomicReference<String> jwks;
        final AtomicInteger fetches = new AtomicInteger();
        private final HttpServer server;

        JwksServer(String initialJwks) throws Exception {
            this.jwks = new AtomicReference<>(initialJwks);
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                fetches.incrementAndGet();
                byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        URL url() throws Exception {
            return new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
        }

        IdTokenVerifier verifier() throws Exception {
            return new IdTokenVerifier(new Issuer(TestTokens.ISSUER), new ClientID(TestTokens.CLIENT_ID),
                    ProviderKeys.remote(url(), TestSettings.defaults()), Duration.ofSeconds(60));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
