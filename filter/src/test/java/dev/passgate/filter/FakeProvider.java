package dev.passgate.filter;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID provider on 127.0.0.1 for end-to-end tests (also used by the sample app's,
 * through this module's test JAR): discovery, JWKS, an authorization endpoint that signs
 * "ada" in at once, and a token endpoint that checks client_secret_basic and PKCE. Not a
 * model of a real provider: just enough protocol.
 */
public final class FakeProvider implements AutoCloseable {

    public static final String SECRET = "sample-app-secret-change-me";

    final RSAKey key = TestTokens.rsaKey("op-key-1");
    public final String issuer;
    final String sid = "sid-" + UUID.randomUUID();
    final AtomicInteger refreshes = new AtomicInteger();
    volatile long accessTokenLifetime = 300;
    volatile boolean refuseRefresh;
    volatile String authorizeError;
    /** The roles claim of the next ID tokens. */
    public volatile List<String> roles = List.of("user", "admin");
    /** The name claim of the next ID tokens. */
    public volatile String name = "Ada Lovelace";

    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

    private record Grant(String nonce, String challenge, String redirectUri) {
    }

    public FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", x -> json(x, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "jwks_uri":"%1$s/jwks","end_session_endpoint":"%1$s/logout","response_types_supported":["code"],
                 "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"],
                 "authorization_response_iss_parameter_supported":true}""".formatted(issuer)));
        server.createContext("/jwks", x -> json(x, 200, TestTokens.publicSet(key).toString()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    /** A logout token for this provider's session, as §2.4 describes it. */
    String logoutToken() {
        return TestTokens.sign(TestTokens.logoutTokenClaims().issuer(issuer).claim("sid", sid), key);
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, List<String>> p = URLUtils.parseParameters(x.getRequestURI().getRawQuery());
        URI redirectUri = URI.create(first(p, "redirect_uri"));
        State state = new State(first(p, "state"));
        URI location;
        if (authorizeError != null) {
            location = new AuthorizationErrorResponse(redirectUri, new ErrorObject(authorizeError), state,
                    new Issuer(issuer), ResponseMode.QUERY).toURI();
        } else {
            if (!"S256".equals(first(p, "code_challenge_method")) || !"sample-app".equals(first(p, "client_id"))) {
                json(x, 400, "{\"error\":\"invalid_request\"}");
                return;
            }
            AuthorizationCode code = new AuthorizationCode();
            codes.put(code.getValue(), new Grant(first(p, "nonce"), first(p, "code_challenge"), redirectUri.toString()));
            location = new AuthorizationSuccessResponse(redirectUri, code, null, state, new Issuer(issuer),
                    ResponseMode.QUERY).toURI();
        }
        x.getResponseHeaders().add("Location", location.toString());
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private void token(HttpExchange x) throws IOException {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString(("sample-app:" + SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            json(x, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Map<String, List<String>> p = URLUtils.parseParameters(
                new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String nonce;
        if ("authorization_code".equals(first(p, "grant_type"))) {
            Grant grant = codes.remove(first(p, "code"));
            if (grant == null || !grant.redirectUri().equals(first(p, "redirect_uri"))
                    || !CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(first(p, "code_verifier")))
                            .getValue().equals(grant.challenge())) {
                json(x, 400, OAuth2Error.INVALID_GRANT.toJSONObject().toJSONString());
                return;
            }
            nonce = grant.nonce();
        } else if ("refresh_token".equals(first(p, "grant_type"))) {
            refreshes.incrementAndGet();
            if (refuseRefresh || refreshTokens.remove(first(p, "refresh_token")) == null) {
                json(x, 400, OAuth2Error.INVALID_GRANT.toJSONObject().toJSONString());
                return;
            }
            nonce = null;
        } else {
            json(x, 400, OAuth2Error.UNSUPPORTED_GRANT_TYPE.toJSONObject().toJSONString());
            return;
        }
        RefreshToken refreshToken = new RefreshToken();
        refreshTokens.put(refreshToken.getValue(), "user-123");
        OIDCTokens tokens = new OIDCTokens(idToken(nonce),
                new BearerAccessToken(new BearerAccessToken().getValue(), accessTokenLifetime, null), refreshToken);
        json(x, 200, new OIDCTokenResponse(tokens).toJSONObject().toJSONString());
    }

    private String idToken(String nonce) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = TestTokens.idTokenClaims().issuer(issuer)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(accessTokenLifetime)))
                .claim("sid", sid).claim("nonce", nonce).claim("roles", roles).claim("name", name);
        return TestTokens.sign(claims, key);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void json(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
