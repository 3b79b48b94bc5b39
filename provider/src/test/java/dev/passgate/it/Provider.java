package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

/** Talks to one running provider the way clients and provisioning systems do. */
final class Provider {
    final String issuer;

    Provider(String issuer) {
        this.issuer = issuer;
    }

    static Provider fromSystemProperties() {
        return new Provider("http://localhost:" + System.getProperty("it.port"));
    }

    URI endpoint(String path) {
        return URI.create(issuer + path);
    }

    OIDCProviderMetadata discover() throws Exception {
        return OIDCProviderMetadata.resolve(new com.nimbusds.oauth2.sdk.id.Issuer(issuer));
    }

    static ClientAuthentication basic(String clientId, String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }

    TokenResponse token(ClientAuthentication auth, AuthorizationGrant grant) throws IOException, ParseException {
        return OIDCTokenResponseParser.parse(new TokenRequest(endpoint("/token"), auth, grant, null).toHTTPRequest().send());
    }

    TokenResponse exchange(ClientAuthentication auth, String code, String redirectUri, CodeVerifier verifier)
            throws IOException, ParseException {
        return token(auth, new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri), verifier));
    }

    String serviceToken(String scope) throws Exception {
        com.nimbusds.oauth2.sdk.http.HTTPResponse http = new TokenRequest(endpoint("/token"),
                basic("provisioning", "provisioning-secret-0123456789"), new ClientCredentialsGrant(), null)
                .toHTTPRequest().send();
        assertEquals(200, http.getStatusCode(), () -> "token endpoint: " + http.getStatusCode() + " " + http.getBody());
        TokenResponse response = OIDCTokenResponseParser.parse(http);
        return response.toSuccessResponse().getTokens().getAccessToken().getValue();
    }

    /** Creates an account through SCIM, as an operator's provisioning system would. Returns its id. */
    String createUser(String userName, String email, String password) throws Exception {
        String body = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add("urn:ietf:params:scim:schemas:core:2.0:User"))
                .add("userName", userName)
                .add("name", Json.createObjectBuilder().add("givenName", "Test").add("familyName", userName))
                .add("emails", Json.createArrayBuilder().add(Json.createObjectBuilder().add("value", email).add("primary", true)))
                .add("password", password)
                .build().toString();
        HttpResponse<String> r = scim("POST", "/scim/v2/Users", body, serviceToken("scim"));
        assertEquals(201, r.statusCode(), r.body());
        return json(r.body()).getString("id");
    }

    HttpResponse<String> scim(String method, String path, String body, String token) throws Exception {
        var builder = java.net.http.HttpRequest.newBuilder(endpoint(path))
                .header("Content-Type", "application/scim+json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        return java.net.http.HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /**
     * Runs the authorization request in {@code browser}, signing in with identifier and password
     * when the provider asks (the page without script falls back to the password). Returns the
     * final redirect back to the client.
     */
    URI authorize(Browser browser, Map<String, String> params, String username, String password) {
        HttpResponse<String> r = browser.get(issuer + "/authorize?" + Browser.form(params));
        if (r.statusCode() == 303 && Browser.location(r).getPath().equals("/login")) {
            HttpResponse<String> page = passwordPage(browser, Browser.follow(browser, r), username);
            r = submitPassword(browser, page, password);
            assertEquals(303, r.statusCode(), r.body());
            r = browser.follow(r);
        }
        assertEquals(303, r.statusCode(), r.body());
        return Browser.location(r);
    }

    /** From the identifier page to the password page. */
    HttpResponse<String> passwordPage(Browser browser, HttpResponse<String> identifyPage, String username) {
        assertEquals(200, identifyPage.statusCode(), identifyPage.body());
        HttpResponse<String> page = browser.post(issuer + "/login/identify", Map.of(
                "interaction", Browser.hidden(identifyPage.body(), "interaction"),
                "csrf", Browser.hidden(identifyPage.body(), "csrf"),
                "identifier", username, "mode", "continue"));
        assertEquals(200, page.statusCode(), page.body());
        return page;
    }

    HttpResponse<String> submitPassword(Browser browser, HttpResponse<String> passwordPage, String password) {
        return browser.post(issuer + "/login/password", Map.of(
                "interaction", Browser.hidden(passwordPage.body(), "interaction"),
                "csrf", Browser.hidden(passwordPage.body(), "csrf"),
                "password", password));
    }

    static Map<String, List<String>> query(URI uri) {
        return URLUtils.parseParameters(uri.getRawQuery());
    }

    static String param(URI uri, String name) {
        List<String> v = query(uri).get(name);
        return v == null ? null : v.get(0);
    }

}
