package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JWSAlgorithm;
import dev.passgate.interaction.Acr;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;

/**
 * The OIDC core against the real provider WAR on Payara Micro, driven the way a certified client
 * library would drive it: Nimbus on the client side, a cookie-keeping browser for the redirects.
 */
@ExtendWith(ArquillianExtension.class)
class OidcFlowIT {
    static final String WEB_CB = "https://app.example/cb";
    static final ClientAuthentication WEB = Provider.basic("web", "web-secret-0123456789");
    static final String PASSWORD = "correct horse battery staple";
    /** Unique per run: the test database outlives one run. */
    static final String ALICE = "alice-" + Long.toHexString(System.nanoTime());

    static Provider provider;
    static Receiver receiver;
    static RSAKey jwtClientKey;
    static String userId;

    @Deployment(testable = false)
    static WebArchive provider() {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
    }

    @BeforeAll
    static void start() throws Exception {
        provider = Provider.fromSystemProperties();
        jwtClientKey = new RSAKeyGenerator(2048).keyID("jwt-client-key").generate();
        receiver = new Receiver(Integer.getInteger("it.receiverPort"), new JWKSet(jwtClientKey.toPublicJWK()));
        userId = provider.createUser(ALICE, ALICE + "@example.com", PASSWORD);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static Map<String, String> request(String clientId, String redirectUri, Object... more) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("response_type", "code");
        params.put("scope", "openid profile email");
        params.put("state", new State().getValue());
        params.put("nonce", new Nonce().getValue());
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], (String) more[i + 1]);
        }
        return params;
    }

    /** Signs alice in for the web client and returns the token response. */
    static OIDCTokenResponse webLogin(Browser browser, Map<String, String> params) throws Exception {
        URI back = provider.authorize(browser, params, ALICE, PASSWORD);
        TokenResponse response = provider.exchange(WEB, Provider.param(back, "code"), WEB_CB, null);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    @Test
    void codeFlowWhenDrivenByNimbusThenIdTokenValidatesAndUserInfoAnswers() throws Exception {
        OIDCProviderMetadata metadata = provider.discover();
        assertEquals(provider.issuer, metadata.getIssuer().getValue());
        assertTrue(metadata.supportsAuthorizationResponseIssuerParam());
        assertEquals(List.of(CodeChallengeMethod.S256), metadata.getCodeChallengeMethods());

        Browser browser = new Browser();
        Map<String, String> params = request("web", WEB_CB);
        URI back = provider.authorize(browser, params, ALICE, PASSWORD);
        assertTrue(back.toString().startsWith(WEB_CB + "?"), back::toString);
        assertEquals(params.get("state"), Provider.param(back, "state"));
        assertEquals(provider.issuer, Provider.param(back, "iss"), "RFC 9207 iss in the authorization response");

        TokenResponse response = provider.exchange(WEB, Provider.param(back, "code"), WEB_CB, null);
        assertTrue(response.indicatesSuccess());
        Tokens tokens = response.toSuccessResponse().getTokens();
        JWT idToken = ((OIDCTokenResponse) response).getOIDCTokens().getIDToken();

        IDTokenValidator validator = new IDTokenValidator(new Issuer(provider.issuer), new ClientID("web"),
                JWSAlgorithm.RS256, metadata.getJWKSetURI().toURL());
        IDTokenClaimsSet claims = validator.validate(idToken, new Nonce(params.get("nonce")));
        assertEquals(userId, claims.getSubject().getValue());
        assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        assertNotNull(claims.getACR());
        assertNotNull(claims.getAuthenticationTime());
        assertEquals("web", claims.getStringClaim("azp"));
        assertNotNull(claims.getStringClaim("sid"));
        assertNotNull(claims.getAccessTokenHash());
        assertEquals(ALICE + "@example.com", claims.getStringClaim("email"));

        SignedJWT access = SignedJWT.parse(tokens.getAccessToken().getValue());
        assertEquals("at+jwt", access.getHeader().getType().getType(), "RFC 9068 access token type");

        UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(metadata.getUserInfoEndpointURI(),
                tokens.getBearerAccessToken()).toHTTPRequest().send());
        assertTrue(info.indicatesSuccess());
        assertEquals(userId, info.toSuccessResponse().getUserInfo().getSubject().getValue());
        assertEquals(ALICE + "@example.com", info.toSuccessResponse().getUserInfo().getEmailAddress());
        assertEquals(ALICE, info.toSuccessResponse().getUserInfo().getPreferredUsername());

        // RFC 6750 §2.2: the token in a form body works too
        HTTPResponse post = new UserInfoRequest(metadata.getUserInfoEndpointURI(),
                com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.POST, tokens.getBearerAccessToken()).toHTTPRequest().send();
        assertEquals(200, post.getStatusCode());
    }

    @Test
    void pkceWhenPublicClientSendsNoChallengeThenInvalidRequest() {
        Browser browser = new Browser();
        HttpResponse<String> r = browser.get(provider.issuer + "/authorize?" + Browser.form(request("spa", "https://spa.example/cb")));
        assertEquals(303, r.statusCode());
        URI back = Browser.location(r);
        assertTrue(back.toString().startsWith("https://spa.example/cb"));
        assertEquals("invalid_request", Provider.param(back, "error"));
    }

    @Test
    void pkceWhenPlainMethodThenInvalidRequest() {
        HttpResponse<String> r = new Browser().get(provider.issuer + "/authorize?" + Browser.form(request("spa",
                "https://spa.example/cb", "code_challenge", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                "code_challenge_method", "plain")));
        assertEquals("invalid_request", Provider.param(Browser.location(r), "error"));
    }

    @Test
    void pkceWhenVerifierWrongOrMissingThenInvalidGrantAndRightOneWorks() throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        Map<String, String> params = request("spa", "https://spa.example/cb",
                "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                "code_challenge_method", "S256");
        Browser browser = new Browser();
        String code = Provider.param(provider.authorize(browser, params, ALICE, PASSWORD), "code");
        TokenResponse wrongVerifier = tokenAsPublic(code, new CodeVerifier());
        assertEquals("invalid_grant", wrongVerifier.toErrorResponse().getErrorObject().getCode());

        String code2 = Provider.param(provider.authorize(browser, params, ALICE, PASSWORD), "code");
        assertEquals("invalid_grant", tokenAsPublic(code2, null).toErrorResponse().getErrorObject().getCode());

        String code3 = Provider.param(provider.authorize(browser, params, ALICE, PASSWORD), "code");
        TokenResponse ok = tokenAsPublic(code3, verifier);
        assertTrue(ok.indicatesSuccess(), () -> ok.toErrorResponse().getErrorObject().toString());
        JWT idToken = ((OIDCTokenResponse) ok).getOIDCTokens().getIDToken();
        assertEquals(JWSAlgorithm.ES256, ((SignedJWT) idToken).getHeader().getAlgorithm(),
                "the spa client registered id_token_signed_response_alg ES256");
    }

    private static TokenResponse tokenAsPublic(String code, CodeVerifier verifier) throws Exception {
        return com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser.parse(new com.nimbusds.oauth2.sdk.TokenRequest(
                provider.endpoint("/token"), new ClientID("spa"),
                new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(new com.nimbusds.oauth2.sdk.AuthorizationCode(code),
                        URI.create("https://spa.example/cb"), verifier)).toHTTPRequest().send());
    }

    @Test
    void pkceWhenVerifierSentWithoutChallengeThenDowngradeRefused() throws Exception {
        Browser browser = new Browser();
        URI back = provider.authorize(browser, request("web", WEB_CB), ALICE, PASSWORD);
        TokenResponse r = provider.exchange(WEB, Provider.param(back, "code"), WEB_CB, new CodeVerifier());
        assertEquals("invalid_grant", r.toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void codeWhenReplayedThenInvalidGrantAndItsTokensRevoked() throws Exception {
        Browser browser = new Browser();
        String code = Provider.param(provider.authorize(browser, request("web", WEB_CB), ALICE, PASSWORD), "code");
        TokenResponse first = provider.exchange(WEB, code, WEB_CB, null);
        assertTrue(first.indicatesSuccess());
        Tokens tokens = first.toSuccessResponse().getTokens();
        assertEquals(200, userInfo(tokens.getBearerAccessToken()).getStatusCode());

        TokenResponse replay = provider.exchange(WEB, code, WEB_CB, null);
        assertEquals("invalid_grant", replay.toErrorResponse().getErrorObject().getCode());
        assertEquals(401, userInfo(tokens.getBearerAccessToken()).getStatusCode(), "access token revoked");
        TokenResponse refresh = provider.token(WEB, new RefreshTokenGrant(tokens.getRefreshToken()));
        assertEquals("invalid_grant", refresh.toErrorResponse().getErrorObject().getCode(), "refresh token revoked");
    }

    @Test
    void refreshWhenRotatedThenOldTokenReuseRevokesTheGrant() throws Exception {
        Tokens tokens = webLogin(new Browser(), request("web", WEB_CB)).getOIDCTokens();
        TokenResponse rotated = provider.token(WEB, new RefreshTokenGrant(tokens.getRefreshToken()));
        assertTrue(rotated.indicatesSuccess());
        Tokens fresh = rotated.toSuccessResponse().getTokens();
        assertNotEquals(tokens.getRefreshToken(), fresh.getRefreshToken(), "a new refresh token on every use");
        assertEquals(200, userInfo(fresh.getBearerAccessToken()).getStatusCode());

        TokenResponse reuse = provider.token(WEB, new RefreshTokenGrant(tokens.getRefreshToken()));
        assertEquals("invalid_grant", reuse.toErrorResponse().getErrorObject().getCode());
        TokenResponse afterReuse = provider.token(WEB, new RefreshTokenGrant(fresh.getRefreshToken()));
        assertEquals("invalid_grant", afterReuse.toErrorResponse().getErrorObject().getCode(),
                "reuse of a rotated-out token revokes the whole grant");
        assertEquals(401, userInfo(fresh.getBearerAccessToken()).getStatusCode());
    }

    @Test
    void redirectUriWhenNotExactlyRegisteredThenErrorPageNeverRedirect() {
        for (String attack : List.of("https://app.example/cb@evil.example", "https://app.example/cb/..;/evil",
                "https://app.example/cb.evil.example", "https://app.example/cb?next=https://evil.example",
                "https://APP.example/cb", "https://app.example/cb/", "http://127.0.0.1:9999/cb", "")) {
            HttpResponse<String> r = new Browser().get(provider.issuer + "/authorize?"
                    + Browser.form(request("web", attack)));
            assertEquals(400, r.statusCode(), attack);
            assertTrue(r.headers().firstValue("Location").isEmpty(), "no redirect for " + attack);
            assertTrue(r.body().contains("role=\"alert\""), attack);
        }
    }

    @Test
    void redirectUriWhenLocalhostRegisteredThenLoopbackIpRefused() {
        HttpResponse<String> ok = new Browser().get(provider.issuer + "/authorize?"
                + Browser.form(request("web", "http://localhost:9999/cb")));
        assertEquals(303, ok.statusCode(), "the registered localhost URI is accepted");
        HttpResponse<String> ip = new Browser().get(provider.issuer + "/authorize?"
                + Browser.form(request("web", "http://127.0.0.1:9999/cb")));
        assertEquals(400, ip.statusCode());
    }

    @Test
    void unknownClientThenErrorPageNotRedirect() {
        HttpResponse<String> r = new Browser().get(provider.issuer + "/authorize?" + Browser.form(request("nobody", WEB_CB)));
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Location").isEmpty());
        assertTrue(r.body().contains("not registered"));
    }

    @Test
    void requestObjectAndWrongResponseTypeThenErrorsRedirectedWithIss() {
        URI r1 = Browser.location(new Browser().get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "request", "eyJhbGciOiJub25lIn0.e30."))));
        assertEquals("request_not_supported", Provider.param(r1, "error"));
        assertEquals(provider.issuer, Provider.param(r1, "iss"));
        URI r2 = Browser.location(new Browser().get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "response_type", "token"))));
        assertEquals("unsupported_response_type", Provider.param(r2, "error"));
    }

    @Test
    void codeWhenIssuedToClientAThenRefusedForClientB() throws Exception {
        String code = Provider.param(provider.authorize(new Browser(), request("web", WEB_CB), ALICE, PASSWORD), "code");
        TokenResponse r = provider.exchange(Provider.basic("other", "other-secret-0123456789"), code, WEB_CB, null);
        assertEquals("invalid_grant", r.toErrorResponse().getErrorObject().getCode());
        assertTrue(provider.exchange(WEB, code, WEB_CB, null).indicatesSuccess(),
                "another client's attempt does not burn the rightful client's code");
    }

    @Test
    void loginWhenInteractionIdReplayedFromAnotherBrowserThenRefused() {
        Browser victim = new Browser();
        HttpResponse<String> toLogin = victim.get(provider.issuer + "/authorize?" + Browser.form(request("web", WEB_CB)));
        URI loginUrl = Browser.location(toLogin);
        String interaction = Provider.param(loginUrl, "interaction");

        Browser attacker = new Browser();   // saw the URL (history, logs, a shared screen), not the cookie
        attacker.cookies.put(dev.passgate.web.Cookies.interactionCookie(interaction), interaction); // the right name, a guessed value
        HttpResponse<String> page = attacker.get(loginUrl.toString());
        assertEquals(400, page.statusCode(), "the interaction id alone does not open someone else's login");
        HttpResponse<String> resume = attacker.get(provider.issuer + "/authorize/resume?interaction=" + interaction);
        assertEquals(400, resume.statusCode());
        assertEquals(200, victim.follow(toLogin).statusCode(), "the victim's own login is untouched");
    }

    /** Issue 8 (3): two tabs (or two apps) signing in at once in one browser both finish. */
    @Test
    void loginWhenTwoStartedAtOnceInOneBrowserThenBothComplete() throws Exception {
        Browser browser = new Browser();
        Map<String, String> first = request("web", WEB_CB);
        Map<String, String> second = request("web", WEB_CB);
        HttpResponse<String> pageA = Browser.follow(browser, browser.get(provider.issuer + "/authorize?" + Browser.form(first)));
        HttpResponse<String> pageB = Browser.follow(browser, browser.get(provider.issuer + "/authorize?" + Browser.form(second)));
        assertEquals(2, browser.cookies.keySet().stream().filter(n -> n.startsWith("passgate_interaction_")).count());
        HttpResponse<String> passwordA = provider.passwordPage(browser, pageA, ALICE);
        HttpResponse<String> passwordB = provider.passwordPage(browser, pageB, ALICE);
        URI backA = Browser.location(browser.follow(provider.submitPassword(browser, passwordA, PASSWORD)));
        URI backB = Browser.location(browser.follow(provider.submitPassword(browser, passwordB, PASSWORD)));
        assertEquals(first.get("state"), Provider.param(backA, "state"));
        assertEquals(second.get("state"), Provider.param(backB, "state"));
        assertNotNull(Provider.param(backA, "code"));
        assertNotNull(Provider.param(backB, "code"), "the second tab was not cancelled by the first");
    }

    @Test
    void promptNoneWhenNoSessionThenLoginRequiredAndWithSessionThenCode() throws Exception {
        Browser browser = new Browser();
        URI none = Browser.location(browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "prompt", "none"))));
        assertEquals("login_required", Provider.param(none, "error"));

        provider.authorize(browser, request("web", WEB_CB), ALICE, PASSWORD);
        HttpResponse<String> silent = browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "prompt", "none")));
        assertNotNull(Provider.param(Browser.location(silent), "code"), "silent authentication with a live session");
    }

    @Test
    void maxAgeWhenExceededThenLoginAgainAndAuthTimeMoves() throws Exception {
        Browser browser = new Browser();
        Date first = webLogin(browser, request("web", WEB_CB)).getOIDCTokens().getIDToken()
                .getJWTClaimsSet().getDateClaim("auth_time");
        TimeUnit.MILLISECONDS.sleep(2100);
        HttpResponse<String> r = browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "max_age", "1")));
        assertEquals("/login", Browser.location(r).getPath(), "max_age exceeded forces a login");
        Date second = webLogin(browser, request("web", WEB_CB, "max_age", "1")).getOIDCTokens().getIDToken()
                .getJWTClaimsSet().getDateClaim("auth_time");
        assertTrue(second.after(first), "auth_time moved: " + first + " -> " + second);
    }

    @Test
    void promptLoginWhenSessionExistsThenLoginAnyway() throws Exception {
        Browser browser = new Browser();
        provider.authorize(browser, request("web", WEB_CB), ALICE, PASSWORD);
        HttpResponse<String> r = browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "prompt", "login", "login_hint", ALICE + "@example.com")));
        URI login = Browser.location(r);
        assertEquals("/login", login.getPath());
        assertTrue(browser.follow(r).body().contains("value=\"" + ALICE + "@example.com\""), "login_hint pre-fills the identifier");
    }

    @Test
    void clientSecretPostWhenRegisteredThenTokensIssued() throws Exception {
        URI back = provider.authorize(new Browser(), request("post", "https://post.example/cb"), ALICE, PASSWORD);
        TokenResponse r = provider.exchange(new ClientSecretPost(new ClientID("post"), new Secret("post-secret-0123456789")),
                Provider.param(back, "code"), "https://post.example/cb", null);
        assertTrue(r.indicatesSuccess(), () -> r.toErrorResponse().getErrorObject().toString());
        TokenResponse basic = provider.exchange(Provider.basic("post", "post-secret-0123456789"),
                Provider.param(provider.authorize(new Browser(), request("post", "https://post.example/cb"), ALICE, PASSWORD), "code"),
                "https://post.example/cb", null);
        assertEquals("invalid_client", basic.toErrorResponse().getErrorObject().getCode(),
                "a client must use the method it registered");
        TokenResponse badSecret = provider.exchange(new ClientSecretPost(new ClientID("post"), new Secret("wrong-secret-0000000")),
                "whatever", "https://post.example/cb", null);
        assertEquals(401, badSecret.toErrorResponse().getErrorObject().getHTTPStatusCode());
    }

    @Test
    void privateKeyJwtWhenSignedByRegisteredKeyThenAcceptedAndReplayRefused() throws Exception {
        PrivateKeyJWT assertion = new PrivateKeyJWT(new ClientID("jwt"), URI.create(provider.issuer), JWSAlgorithm.RS256,
                jwtClientKey.toPrivateKey(), jwtClientKey.getKeyID(), null);
        TokenResponse ok = provider.token(assertion, new ClientCredentialsGrant());
        assertTrue(ok.indicatesSuccess(), () -> ok.toErrorResponse().getErrorObject().toString());
        TokenResponse replay = provider.token(assertion, new ClientCredentialsGrant());
        assertEquals("invalid_client", replay.toErrorResponse().getErrorObject().getCode());

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("jwt-client-key").generate();
        TokenResponse forged = provider.token(new PrivateKeyJWT(new ClientID("jwt"), URI.create(provider.issuer),
                JWSAlgorithm.RS256, stranger.toPrivateKey(), stranger.getKeyID(), null), new ClientCredentialsGrant());
        assertEquals("invalid_client", forged.toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void revocationWhenAccessOrRefreshTokenRevokedThenNoLongerAccepted() throws Exception {
        Tokens tokens = webLogin(new Browser(), request("web", WEB_CB)).getOIDCTokens();
        HTTPResponse r1 = new TokenRevocationRequest(provider.endpoint("/revoke"), WEB, tokens.getAccessToken())
                .toHTTPRequest().send();
        assertEquals(200, r1.getStatusCode());
        assertEquals(401, userInfo(tokens.getBearerAccessToken()).getStatusCode());

        HTTPResponse r2 = new TokenRevocationRequest(provider.endpoint("/revoke"), WEB, tokens.getRefreshToken())
                .toHTTPRequest().send();
        assertEquals(200, r2.getStatusCode());
        assertEquals("invalid_grant", provider.token(WEB, new RefreshTokenGrant(tokens.getRefreshToken()))
                .toErrorResponse().getErrorObject().getCode());

        HTTPResponse unknown = new TokenRevocationRequest(provider.endpoint("/revoke"), WEB, new RefreshToken("nope"))
                .toHTTPRequest().send();
        assertEquals(200, unknown.getStatusCode(), "RFC 7009 §2.2: unknown tokens are not an error");
    }

    @Test
    void introspectionWhenActiveThenClaimsAndWhenRevokedThenInactive() throws Exception {
        Tokens tokens = webLogin(new Browser(), request("web", WEB_CB)).getOIDCTokens();
        TokenIntrospectionResponse active = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                provider.endpoint("/introspect"), WEB, tokens.getAccessToken()).toHTTPRequest().send());
        assertTrue(active.toSuccessResponse().isActive());
        assertEquals(userId, active.toSuccessResponse().getSubject().getValue());
        assertEquals("web", active.toSuccessResponse().getClientID().getValue());

        TokenIntrospectionResponse refresh = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                provider.endpoint("/introspect"), WEB, tokens.getRefreshToken()).toHTTPRequest().send());
        assertTrue(refresh.toSuccessResponse().isActive());

        new TokenRevocationRequest(provider.endpoint("/revoke"), WEB, tokens.getAccessToken()).toHTTPRequest().send();
        TokenIntrospectionResponse revoked = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(
                provider.endpoint("/introspect"), WEB, tokens.getAccessToken()).toHTTPRequest().send());
        assertFalse(revoked.toSuccessResponse().isActive());

        HTTPResponse anonymous = new TokenIntrospectionRequest(provider.endpoint("/introspect"),
                tokens.getAccessToken()).toHTTPRequest().send();
        assertEquals(401, anonymous.getStatusCode());
    }

    @Test
    void logoutWhenRpInitiatedThenRedirectWithStateBackChannelDeliveredAndSessionGone() throws Exception {
        Browser browser = new Browser();
        OIDCTokenResponse login = webLogin(browser, request("web", WEB_CB));
        JWT idToken = login.getOIDCTokens().getIDToken();
        String sid = idToken.getJWTClaimsSet().getStringClaim("sid");
        receiver.logoutTokens.clear();

        HttpResponse<String> r = browser.get(provider.issuer + "/logout?" + Browser.form(Map.of(
                "id_token_hint", idToken.serialize(),
                "post_logout_redirect_uri", "https://app.example/logged-out",
                "state", "bye")));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals(URI.create("https://app.example/logged-out?state=bye"), Browser.location(r));

        String logoutToken = receiver.logoutTokens.poll(10, TimeUnit.SECONDS);
        assertNotNull(logoutToken, "back-channel logout token delivered");
        LogoutTokenValidator validator = new LogoutTokenValidator(new Issuer(provider.issuer), new ClientID("web"),
                JWSAlgorithm.RS256, provider.discover().getJWKSetURI().toURL());
        LogoutTokenClaimsSet claims = validator.validate(JWTParser.parse(logoutToken));
        assertEquals(sid, claims.getSessionID().getValue());
        assertEquals(userId, claims.getSubject().getValue());

        URI none = Browser.location(browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "prompt", "none"))));
        assertEquals("login_required", Provider.param(none, "error"), "the session has ended");
    }

    @Test
    void sessionWhenReplacedByAnotherUsersLoginThenItsClientsHearOfItAndItsTokensEnd() throws Exception {
        Browser browser = new Browser();
        Tokens old = webLogin(browser, request("web", WEB_CB)).getOIDCTokens();
        String oldSid = old.toOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("sid");
        receiver.logoutTokens.clear();
        String bob = newUser();
        Tokens bobs = login(browser, request("web", WEB_CB, "prompt", "login"), bob);
        String newSid = bobs.toOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("sid");
        assertNotEquals(oldSid, newSid);
        String logoutToken = receiver.logoutTokens.poll(10, TimeUnit.SECONDS);
        assertNotNull(logoutToken, "the replaced session's client got a back-channel logout");
        assertEquals(oldSid, JWTParser.parse(logoutToken).getJWTClaimsSet().getStringClaim("sid"));
        assertEquals("invalid_grant", refresh(old).toErrorResponse().getErrorObject().getCode(), "alice's tokens ended with her session");
    }

    /** Issue 8 (11): a session weaker than acr_values asks for means a new sign-in; the ID token claims only what was reached. */
    @Test
    void acrValuesWhenSessionIsWeakerThenSignInAgainAndTheIdTokenClaimsOnlyWhatWasReached() throws Exception {
        Browser browser = new Browser();
        JWTClaimsSet first = webLogin(browser, request("web", WEB_CB)).getOIDCTokens().getIDToken().getJWTClaimsSet();
        assertEquals(Acr.PASSWORD, first.getStringClaim("acr"), "this provider signs alice in with a password alone");

        URI silent = Browser.location(browser.get(provider.issuer + "/authorize?" + Browser.form(request("web", WEB_CB,
                "acr_values", Acr.MFA + " " + Acr.PHISHING_RESISTANT, "prompt", "none"))));
        assertEquals("login_required", Provider.param(silent, "error"), "prompt=none cannot step up");
        HttpResponse<String> stepUp = browser.get(provider.issuer + "/authorize?" + Browser.form(request("web", WEB_CB,
                "acr_values", Acr.MFA)));
        assertEquals("/login", Browser.location(stepUp).getPath(), "the session does not meet mfa: sign in again");

        JWTClaimsSet again = webLogin(browser, request("web", WEB_CB, "acr_values", Acr.MFA)).getOIDCTokens().getIDToken()
                .getJWTClaimsSet();
        assertEquals(Acr.PASSWORD, again.getStringClaim("acr"), "never an acr the sign-in did not reach");
        URI met = Browser.location(browser.get(provider.issuer + "/authorize?" + Browser.form(request("web", WEB_CB,
                "acr_values", Acr.PASSWORD))));
        assertNotNull(Provider.param(met, "code"), "a session that meets the request answers at once");
    }

    /** Issue 8 (2): a step-up or prompt=login by the same person keeps the session and every other app signed in. */
    @Test
    void reauthenticationWhenSameUserThenSameSidNewAuthTimeAndNoLogout() throws Exception {
        Browser browser = new Browser();
        Tokens first = webLogin(browser, request("web", WEB_CB)).getOIDCTokens();
        JWTClaimsSet before = first.toOIDCTokens().getIDToken().getJWTClaimsSet();
        String cookieBefore = browser.cookies.get("passgate_session");
        receiver.logoutTokens.clear();
        Thread.sleep(1100); // auth_time has seconds
        JWTClaimsSet again = webLogin(browser, request("web", WEB_CB, "prompt", "login")).getOIDCTokens().getIDToken()
                .getJWTClaimsSet();
        assertEquals(before.getStringClaim("sid"), again.getStringClaim("sid"), "the same session");
        assertNotEquals(cookieBefore, browser.cookies.get("passgate_session"), "a new cookie value: a leaked old one gains nothing");
        assertTrue(again.getLongClaim("auth_time") > before.getLongClaim("auth_time"), "a new auth_time");
        assertNull(receiver.logoutTokens.poll(2, TimeUnit.SECONDS), "no client hears of a logout");
        assertTrue(refresh(first).indicatesSuccess(), "the first sign-in's tokens live on");
    }

    /** Issue 8 (1): any logout ends the tokens issued in the session, except offline_access grants. */
    @Test
    void refreshWhenSessionEndedByLogoutThenRefusedEverywhereButOfflineAccessSurvives() throws Exception {
        Browser browser = new Browser();
        Tokens online = webLogin(browser, request("web", WEB_CB)).getOIDCTokens();
        Tokens offline = webLogin(browser, request("web", WEB_CB, "scope", "openid offline_access")).getOIDCTokens();
        assertEquals(200, userInfo(online.getBearerAccessToken()).getStatusCode());
        HttpResponse<String> out = browser.get(provider.issuer + "/logout?" + Browser.form(Map.of(
                "id_token_hint", online.toOIDCTokens().getIDTokenString())));
        assertTrue(out.body().contains("You are signed out"), out.body());

        assertEquals("invalid_grant", refresh(online).toErrorResponse().getErrorObject().getCode());
        assertEquals(401, userInfo(online.getBearerAccessToken()).getStatusCode(), "the access token ended too");
        assertFalse(introspect(WEB, online.getAccessToken()).toSuccessResponse().isActive());
        assertFalse(introspect(WEB, online.getRefreshToken()).toSuccessResponse().isActive());
        TokenResponse kept = refresh(offline);
        assertTrue(kept.indicatesSuccess(), () -> "offline_access outlives the session: " + kept.toErrorResponse().getErrorObject());
    }

    /** Issue 8 (1, 8): a new password or a deactivation ends every grant, offline_access included, at once. */
    @Test
    void tokensWhenPasswordChangedOrUserDeactivatedThenInactiveEverywhere() throws Exception {
        String carol = newUser();
        Browser carols = new Browser();
        Tokens offline = login(carols, request("web", WEB_CB, "scope", "openid offline_access"), carol);
        String carolsSid = offline.toOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("sid");
        receiver.logoutTokens.clear();
        patchUser(carol, "{\"op\":\"replace\",\"path\":\"password\",\"value\":\"a brand new password 42\"}");
        String told = receiver.logoutTokens.poll(10, TimeUnit.SECONDS);
        assertNotNull(told, "the app heard of the sign-out by back-channel");
        assertEquals(carolsSid, JWTParser.parse(told).getJWTClaimsSet().getStringClaim("sid"));
        assertEquals("invalid_grant", refresh(offline).toErrorResponse().getErrorObject().getCode(), "a new password");
        HttpResponse<String> again = carols.get(provider.issuer + "/authorize?" + Browser.form(request("web", WEB_CB)));
        assertEquals("/login", Browser.location(again).getPath(), "a new password signs the account out everywhere");

        String dave = newUser();
        Browser browser = new Browser();
        Tokens daves = login(browser, request("web", WEB_CB), dave);
        patchUser(dave, "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}");
        assertEquals(401, userInfo(daves.getBearerAccessToken()).getStatusCode());
        assertFalse(introspect(WEB, daves.getAccessToken()).toSuccessResponse().isActive());
        assertEquals("invalid_grant", refresh(daves).toErrorResponse().getErrorObject().getCode());
        HttpResponse<String> sso = browser.get(provider.issuer + "/authorize?" + Browser.form(request("web", WEB_CB)));
        assertTrue(Browser.location(sso).getPath().equals("/login"), "the SSO session no longer signs dave in: " + sso.headers());
    }

    /** Review of issue 8: a login that passed the old password, not yet handed back, ends with the new password. */
    @Test
    void loginWhenPasswordChangedBeforeItIsHandedBackThenItEndsAndNoSessionStarts() throws Exception {
        String erin = newUser();
        Browser browser = new Browser();
        HttpResponse<String> page = Browser.follow(browser, browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "scope", "openid offline_access"))));
        HttpResponse<String> passed = provider.submitPassword(browser, provider.passwordPage(browser, page, erin), PASSWORD);
        assertEquals("/authorize/resume", Browser.location(passed).getPath(), "the login finished; its result waits");
        patchUser(erin, "{\"op\":\"replace\",\"path\":\"password\",\"value\":\"changed by the admin 42\"}");
        HttpResponse<String> resume = browser.follow(passed);
        assertEquals(400, resume.statusCode(), "no code, no session for a login that passed the old password");
        assertTrue(browser.cookies.get("passgate_session") == null, "no session cookie");
    }

    /** Review of issue 8: deleting an account through SCIM tells its applications, as a sign-out does. */
    @Test
    void accountWhenDeletedThroughScimThenItsApplicationsHearOfItAndItsTokensEnd() throws Exception {
        String frank = newUser();
        Tokens tokens = login(new Browser(), request("web", WEB_CB), frank);
        String sid = tokens.toOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("sid");
        receiver.logoutTokens.clear();
        String scim = provider.serviceToken("scim");
        var found = provider.scim("GET", "/scim/v2/Users?filter=" + java.net.URLEncoder.encode("userName eq \"" + frank + "\"",
                java.nio.charset.StandardCharsets.UTF_8), null, scim);
        String id = Provider.json(found.body()).getJsonArray("Resources").getJsonObject(0).getString("id");
        assertEquals(204, provider.scim("DELETE", "/scim/v2/Users/" + id, null, scim).statusCode());
        String told = receiver.logoutTokens.poll(10, TimeUnit.SECONDS);
        assertNotNull(told, "the app heard of it by back-channel");
        assertEquals(sid, JWTParser.parse(told).getJWTClaimsSet().getStringClaim("sid"));
        assertEquals("invalid_grant", refresh(tokens).toErrorResponse().getErrorObject().getCode());
    }

    /** Review of issue 8: parameters larger than what the provider keeps are refused, never a 500. */
    @Test
    void authorizeWhenNonceOrRequestTooLargeThenInvalidRequestNever5xx() {
        HttpResponse<String> nonce = new Browser().get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "nonce", "n".repeat(600))));
        assertEquals(303, nonce.statusCode(), nonce.body());
        assertEquals("invalid_request", Provider.param(Browser.location(nonce), "error"));
        HttpResponse<String> large = new Browser().post(provider.issuer + "/authorize",   // POST: no URL length limit in the way
                request("web", WEB_CB, "login_hint", "h".repeat(20_000)));
        assertEquals(303, large.statusCode(), large.body());
        assertEquals("invalid_request", Provider.param(Browser.location(large), "error"));
    }

    /** Issue 8 (5): introspection tells a client about its own tokens; only a resource server sees every client's. */
    @Test
    void introspectionWhenAnotherClientsTokenThenInactiveButAResourceServerSeesIt() throws Exception {
        Tokens tokens = webLogin(new Browser(), request("web", WEB_CB)).getOIDCTokens();
        ClientAuthentication other = Provider.basic("other", "other-secret-0123456789");
        TokenIntrospectionResponse nosy = introspect(other, tokens.getAccessToken());
        assertFalse(nosy.toSuccessResponse().isActive(), "another client learns nothing");
        assertNull(nosy.toSuccessResponse().getSubject());
        TokenIntrospectionResponse rs = introspect(Provider.basic("rs", "rs-secret-0123456789ab"), tokens.getAccessToken());
        assertTrue(rs.toSuccessResponse().isActive());
        assertEquals(userId, rs.toSuccessResponse().getSubject().getValue());
    }

    /** Issue 8 (10): browser apps (public clients) may call the token, userinfo, revocation, JWKS and discovery endpoints from their own origin only. */
    @Test
    void corsWhenPublicClientsOriginThenAllowedAndPreflightAnsweredOtherOriginsGetNothing() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/token", "/userinfo", "/revoke", "/jwks", "/.well-known/openid-configuration")) {
            var preflight = http.send(java.net.http.HttpRequest.newBuilder(provider.endpoint(path))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://spa.example").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode(), path);
            assertEquals("https://spa.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""), path);
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Credentials").isEmpty(), "never with cookies");
            var evil = http.send(java.net.http.HttpRequest.newBuilder(provider.endpoint(path))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, evil.statusCode(), path);
            assertTrue(evil.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
        var jwks = http.send(java.net.http.HttpRequest.newBuilder(provider.endpoint("/jwks")).header("Origin", "https://spa.example")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("https://spa.example", jwks.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        var confidential = http.send(java.net.http.HttpRequest.newBuilder(provider.endpoint("/jwks"))
                .header("Origin", "https://app.example").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(confidential.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                "a confidential client's origin is no browser app's");
        var login = http.send(java.net.http.HttpRequest.newBuilder(URI.create(provider.issuer + "/authorize"))
                .header("Origin", "https://spa.example").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(login.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "the login is never readable cross-origin");
    }

    /** Issue 8 (9): RFC 6750 §2.1-2.2 only: the header or the form body. */
    @Test
    void userinfoWhenTokenInQueryStringThenRefused() throws Exception {
        Tokens tokens = webLogin(new Browser(), request("web", WEB_CB)).getOIDCTokens();
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(
                provider.issuer + "/userinfo?access_token=" + tokens.getAccessToken().getValue())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_request"));
    }

    /** Issue 8 (7): private_key_jwt's audience is exactly the issuer, once; assertions live at most 5 minutes. */
    @Test
    void privateKeyJwtWhenAudienceIsTheTokenEndpointOrAListOrTheAssertionLivesLongThenRefused() throws Exception {
        for (var claims : List.of(
                assertionClaims(List.of(provider.endpoint("/token").toString()), 60),
                assertionClaims(List.of(provider.issuer, "https://other.example"), 60),
                assertionClaims(List.of(provider.issuer), 3600))) {
            var r = clientAssertion(claims);
            assertEquals(401, r.statusCode(), claims + " -> " + r.body());
            assertTrue(r.body().contains("invalid_client"), r.body());
        }
        JWTClaimsSet noExp = new JWTClaimsSet.Builder(assertionClaims(List.of(provider.issuer), 60)).expirationTime(null).build();
        var missingExp = clientAssertion(noExp);
        assertTrue(missingExp.statusCode() == 400 || missingExp.statusCode() == 401, "no exp: " + missingExp.body());
        assertTrue(missingExp.body().contains("\"error\""), missingExp.body()); // Nimbus refuses it as it parses: invalid_request
        assertEquals(200, clientAssertion(assertionClaims(List.of(provider.issuer), 60)).statusCode(), "the right shape works");
    }

    private static JWTClaimsSet assertionClaims(List<String> aud, int lifeSeconds) {
        Date now = new Date();
        return new JWTClaimsSet.Builder().issuer("jwt").subject("jwt").audience(aud).issueTime(now)
                .expirationTime(new Date(now.getTime() + lifeSeconds * 1000L)).jwtID(UUID.randomUUID().toString()).build();
    }

    private static HttpResponse<String> clientAssertion(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(jwtClientKey.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(jwtClientKey));
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(provider.endpoint("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Browser.form(Map.of(
                        "grant_type", "client_credentials",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", jwt.serialize())))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A fresh account with alice's password. */
    private static String newUser() throws Exception {
        String name = "u-" + Long.toHexString(System.nanoTime());
        provider.createUser(name, name + "@example.com", PASSWORD);
        return name;
    }

    private static Tokens login(Browser browser, Map<String, String> params, String user) throws Exception {
        URI back = provider.authorize(browser, params, user, PASSWORD);
        TokenResponse response = provider.exchange(WEB, Provider.param(back, "code"), WEB_CB, null);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    private static void patchUser(String userName, String operation) throws Exception {
        String token = provider.serviceToken("scim");
        var found = provider.scim("GET", "/scim/v2/Users?filter=" + java.net.URLEncoder.encode("userName eq \"" + userName + "\"",
                java.nio.charset.StandardCharsets.UTF_8), null, token);
        String id = Provider.json(found.body()).getJsonArray("Resources").getJsonObject(0).getString("id");
        var r = provider.scim("PATCH", "/scim/v2/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[" + operation + "]}", token);
        assertEquals(200, r.statusCode(), r.body());
    }

    private static TokenResponse refresh(Tokens tokens) throws Exception {
        return provider.token(WEB, new RefreshTokenGrant(tokens.getRefreshToken()));
    }

    private static TokenIntrospectionResponse introspect(ClientAuthentication who, com.nimbusds.oauth2.sdk.token.Token token)
            throws Exception {
        return TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(provider.endpoint("/introspect"), who, token)
                .toHTTPRequest().send());
    }

    @Test
    void logoutWhenPostLogoutUriNotRegisteredThenRefused() throws Exception {
        Browser browser = new Browser();
        JWT idToken = webLogin(browser, request("web", WEB_CB)).getOIDCTokens().getIDToken();
        HttpResponse<String> r = browser.get(provider.issuer + "/logout?" + Browser.form(Map.of(
                "id_token_hint", idToken.serialize(), "post_logout_redirect_uri", "https://evil.example/")));
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Location").isEmpty());
    }

    @Test
    void logoutWhenNoHintThenUserConfirmsFirst() throws Exception {
        Browser browser = new Browser();
        webLogin(browser, request("web", WEB_CB));
        HttpResponse<String> confirm = browser.get(provider.issuer + "/logout");
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains("Sign out"));
        HttpResponse<String> forged = browser.post(provider.issuer + "/logout", Map.of("confirm", "yes", "csrf", "forged"));
        assertEquals(200, forged.statusCode());
        assertTrue(forged.body().contains("Do you want to sign out"), "a forged confirmation only asks again");
        HttpResponse<String> done = browser.post(provider.issuer + "/logout", Map.of("confirm", "yes",
                "csrf", Browser.hidden(confirm.body(), "csrf")));
        assertTrue(done.body().contains("You are signed out"), done.body());
    }

    @Test
    void formPostWhenRequestedThenAutoSubmittingPageWithoutInlineScript() {
        Browser browser = new Browser();
        HttpResponse<String> r = browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB, "response_mode", "form_post")));
        HttpResponse<String> page = browser.follow(r);
        HttpResponse<String> posted = provider.submitPassword(browser, provider.passwordPage(browser, page, ALICE), PASSWORD);
        HttpResponse<String> form = browser.follow(posted);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("action=\"" + WEB_CB + "\""));
        assertNotNull(Browser.hidden(form.body(), "code"));
        assertEquals(provider.issuer, Browser.hidden(form.body(), "iss"));
        assertFalse(form.body().contains("<script>"), "no inline script");
        List<String> csp = form.headers().allValues("Content-Security-Policy");
        assertEquals(1, csp.size(), csp::toString);
        assertTrue(csp.get(0).contains("form-action https://app.example"), csp.get(0));
    }

    @Test
    void loginWhenPasswordWrongOrUserUnknownThenSameClearError() {
        for (String user : List.of(ALICE, "nobody-here")) {
            Browser browser = new Browser();
            HttpResponse<String> page = browser.follow(browser.get(provider.issuer + "/authorize?"
                    + Browser.form(request("web", WEB_CB))));
            HttpResponse<String> passwordPage = provider.passwordPage(browser, page, user);
            assertTrue(passwordPage.body().contains("Password"), "unknown and known accounts get the same next page");
            HttpResponse<String> r = provider.submitPassword(browser, passwordPage, "wrong password");
            assertEquals(401, r.statusCode());
            assertTrue(r.body().contains("role=\"alert\""));
            assertTrue(r.body().contains("is not right"));
        }
    }

    @Test
    void loginWhenCsrfTokenMissingOrForgedThenRefused() {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.follow(browser.get(provider.issuer + "/authorize?"
                + Browser.form(request("web", WEB_CB))));
        HttpResponse<String> r = browser.post(provider.issuer + "/login/identify", Map.of(
                "interaction", Browser.hidden(page.body(), "interaction"), "csrf", "forged",
                "identifier", ALICE, "mode", "continue"));
        assertEquals(400, r.statusCode());
        assertTrue(r.headers().firstValue("Location").isEmpty());
    }

    @Test
    void keyRotationWhenRequestedThenNewKeySignsAndOldStaysPublished() throws Exception {
        Tokens before = webLogin(new Browser(), request("web", WEB_CB)).getOIDCTokens();
        String oldKid = ((SignedJWT) before.toOIDCTokens().getIDToken()).getHeader().getKeyID();

        String adminToken = provider.serviceToken("passgate:admin");
        var rotate = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        provider.endpoint("/admin/keys/rotate")).header("Authorization", "Bearer " + adminToken)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, rotate.statusCode(), rotate.body());

        Tokens after = webLogin(new Browser(), request("web", WEB_CB)).getOIDCTokens();
        String newKid = ((SignedJWT) after.toOIDCTokens().getIDToken()).getHeader().getKeyID();
        assertNotEquals(oldKid, newKid);
        JWKSet published = JWKSet.load(provider.endpoint("/jwks").toURL());
        assertNotNull(published.getKeyByKeyId(oldKid), "the retired key stays until its tokens expire");
        assertNotNull(published.getKeyByKeyId(newKid));
        assertEquals(200, userInfo(before.getBearerAccessToken()).getStatusCode(), "tokens signed before still verify");

        var anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                provider.endpoint("/admin/keys/rotate")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void tokenEndpointWhenGarbageThenProtocolErrorNever5xx() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (String body : List.of("", "grant_type=", "grant_type=password&username=a&password=b",
                "grant_type=authorization_code", "%%%", "grant_type=refresh_token&refresh_token=x&client_id=web")) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(provider.endpoint("/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() == 400 || r.statusCode() == 401, body + " -> " + r.statusCode() + " " + r.body());
            assertTrue(r.body().contains("\"error\""), r.body());
        }
    }

    /** Issue 8 (4): clients that send exactly Accept: application/json (or nothing, or any type) must get the JSON. */
    @Test
    void jsonEndpointsWhenAcceptIsJsonStarAbsentOrTheirOwnTypeThenJson() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        Map<String, List<String>> accepts = Map.of(
                "/.well-known/openid-configuration", List.of("application/json"),
                "/.well-known/oauth-authorization-server", List.of("application/json"),
                "/jwks", List.of("application/jwk-set+json", "application/json"));
        for (var endpoint : accepts.entrySet()) {
            List<String> tried = new java.util.ArrayList<>(endpoint.getValue());
            tried.add("*/*");
            tried.add("application/json, text/plain;q=0.5");
            tried.add(null); // no Accept header at all
            for (String accept : tried) {
                var request = java.net.http.HttpRequest.newBuilder(provider.endpoint(endpoint.getKey())).GET();
                if (accept != null) {
                    request.header("Accept", accept);
                }
                var r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), endpoint.getKey() + " with Accept " + accept);
                assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("json"), endpoint.getKey() + " " + accept);
                assertTrue(r.body().trim().startsWith("{"), r.body());
            }
        }
        var token = http.send(java.net.http.HttpRequest.newBuilder(provider.endpoint("/token")).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=authorization_code")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(token.statusCode() == 400 || token.statusCode() == 401, token.body());
        assertTrue(token.body().contains("\"error\""), token.body());
    }

    /** A header JAX-RS cannot parse must not break a page (review finding: every page read it). */
    @Test
    void pagesWhenAcceptLanguageMalformedOrGermanThenRenderedInTheRightLanguage() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String unknownClient = provider.issuer + "/authorize?" + Browser.form(request("nobody", WEB_CB));
        for (String header : List.of("en_US", "de;q=abc", "*;q=2")) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(unknownClient)).header("Accept-Language", header)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode(), header + ": " + r.body());
            assertTrue(r.body().contains("Unknown application"), r.body());
        }
        var german = http.send(java.net.http.HttpRequest.newBuilder(URI.create(unknownClient))
                .header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("de", german.headers().firstValue("Content-Language").orElse(""));
        assertTrue(german.body().contains("lang=\"de\""), german.body());
        var asked = http.send(java.net.http.HttpRequest.newBuilder(URI.create(unknownClient + "&ui_locales=en"))
                .header("Accept-Language", "de").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(asked.body().contains("Unknown application"), "ui_locales wins over Accept-Language");
    }

    @Test
    void discoveryWhenReadThenAdvertisesTheShippedLanguages() throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                provider.endpoint("/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body().replace(" ", "").contains("\"ui_locales_supported\":[\"en\",\"de\"]"), r.body());
    }

    @Test
    void securityHeadersOnEveryPage() {
        HttpResponse<String> r = new Browser().get(provider.issuer + "/authorize?" + Browser.form(request("nobody", WEB_CB)));
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertNull(r.headers().firstValue("Server-Stacktrace").orElse(null));
    }

    private static HTTPResponse userInfo(BearerAccessToken token) throws Exception {
        return new UserInfoRequest(provider.endpoint("/userinfo"), token).toHTTPRequest().send();
    }
}
