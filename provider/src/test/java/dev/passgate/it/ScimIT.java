package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.json.JsonObject;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;

/** SCIM 2.0 provisioning (RFC 7643/7644) against the real WAR, including every error case we promise. */
@ExtendWith(ArquillianExtension.class)
class ScimIT {
    static final String RUN = Long.toHexString(System.nanoTime());
    static Provider provider;
    static String token;

    @Deployment(testable = false)
    static WebArchive provider() {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
    }

    @BeforeAll
    static void start() throws Exception {
        provider = Provider.fromSystemProperties();
        token = provider.serviceToken("scim");
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return provider.scim(method, path, body, token);
    }

    private static String user(String userName, String email) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\","
                + "\"name\":{\"givenName\":\"Grace\",\"familyName\":\"Hopper\"},\"displayName\":\"Grace Hopper\","
                + "\"emails\":[{\"value\":\"" + email + "\",\"primary\":true}],"
                + "\"phoneNumbers\":[{\"value\":\"+41 44 668 18 00\"}],\"password\":\"a long enough password\"}";
    }

    private static void assertScimError(HttpResponse<String> r, int status, String scimType) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject error = Provider.json(r.body());
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", error.getJsonArray("schemas").getString(0));
        assertEquals(String.valueOf(status), error.getString("status"));
        if (scimType != null) {
            assertEquals(scimType, error.getString("scimType"), r.body());
        }
        assertFalse(error.getString("detail").isBlank());
    }

    @Test
    void createReadFilterPatchDeleteWhenValidThenEachStepVisible() throws Exception {
        HttpResponse<String> created = call("POST", "/scim/v2/Users", user("grace" + RUN, "grace" + RUN + "@example.com"));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject json = Provider.json(created.body());
        String id = json.getString("id");
        assertEquals(provider.issuer + "/scim/v2/Users/" + id, created.headers().firstValue("Location").orElseThrow());
        assertEquals("application/scim+json", created.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
        assertFalse(json.containsKey("password"), "password is write-only");
        assertEquals("Grace", json.getJsonObject("name").getString("givenName"));

        JsonObject read = Provider.json(call("GET", "/scim/v2/Users/" + id, null).body());
        assertEquals("grace" + RUN + "@example.com", read.getJsonArray("emails").getJsonObject(0).getString("value"));

        JsonObject list = Provider.json(call("GET", "/scim/v2/Users?filter="
                + java.net.URLEncoder.encode("userName eq \"GRACE" + RUN + "\"", "UTF-8"), null).body());
        assertEquals(1, list.getInt("totalResults"));
        assertEquals(id, list.getJsonArray("Resources").getJsonObject(0).getString("id"));
        JsonObject none = Provider.json(call("GET", "/scim/v2/Users?filter="
                + java.net.URLEncoder.encode("userName eq \"nobody\"", "UTF-8"), null).body());
        assertEquals(0, none.getInt("totalResults"));

        HttpResponse<String> patched = call("PATCH", "/scim/v2/Users/" + id, "{\"schemas\":"
                + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":false},"
                + "{\"op\":\"replace\",\"path\":\"emails\",\"value\":[{\"value\":\"hopper@example.com\"}]},"
                + "{\"op\":\"remove\",\"path\":\"phoneNumbers\"},"
                + "{\"op\":\"replace\",\"value\":{\"name\":{\"givenName\":\"Amazing\",\"familyName\":\"Grace\"}}}]}");
        assertEquals(200, patched.statusCode(), patched.body());
        JsonObject after = Provider.json(patched.body());
        assertFalse(after.getBoolean("active"));
        assertEquals("hopper@example.com", after.getJsonArray("emails").getJsonObject(0).getString("value"));
        assertFalse(after.containsKey("phoneNumbers"));
        assertEquals("Amazing", after.getJsonObject("name").getString("givenName"));

        assertEquals(204, call("DELETE", "/scim/v2/Users/" + id, null).statusCode());
        assertScimError(call("GET", "/scim/v2/Users/" + id, null), 404, null);
        assertScimError(call("DELETE", "/scim/v2/Users/" + id, null), 404, null);
    }

    @Test
    void patchWhenPasswordAndActiveChangedThenSignInFollows() throws Exception {
        String id = Provider.json(call("POST", "/scim/v2/Users", user("linus" + RUN, "linus" + RUN + "@example.com")).body()).getString("id");
        String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + "[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"the new passphrase\"}]}";
        assertEquals(200, call("PATCH", "/scim/v2/Users/" + id, patch).statusCode());
        Map<String, String> request = OidcFlowIT.request("web", OidcFlowIT.WEB_CB);
        URI back = provider.authorize(new Browser(), request, "linus" + RUN + "@example.com", "the new passphrase");
        assertTrue(Provider.param(back, "code") != null, back::toString);

        String deactivate = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
                + "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";
        assertEquals(200, call("PATCH", "/scim/v2/Users/" + id, deactivate).statusCode());
        Browser browser = new Browser();
        HttpResponse<String> page = browser.follow(browser.get(provider.issuer + "/authorize?" + Browser.form(request)));
        HttpResponse<String> refused = provider.submitPassword(browser, provider.passwordPage(browser, page, "linus" + RUN),
                "the new passphrase");
        assertEquals(401, refused.statusCode(), "a deactivated account cannot sign in");
    }

    @Test
    void createWhenDuplicateOrInvalidThenScimErrorAndNothingWritten() throws Exception {
        assertEquals(201, call("POST", "/scim/v2/Users", user("ada" + RUN, "ada" + RUN + "@example.com")).statusCode());
        assertScimError(call("POST", "/scim/v2/Users", user("ADA" + RUN, "other" + RUN + "@example.com")), 409, "uniqueness");
        assertScimError(call("POST", "/scim/v2/Users", user("ada2" + RUN, "ada" + RUN + "@example.com")), 409, "uniqueness");
        assertScimError(call("POST", "/scim/v2/Users", user("bad-email" + RUN, "not-an-email")), 400, "invalidValue");
        assertScimError(call("POST", "/scim/v2/Users", "{\"userName\":\"short\",\"password\":\"short\"}"), 400, "invalidValue");
        assertScimError(call("POST", "/scim/v2/Users", "{\"displayName\":\"no user name\"}"), 400, "invalidValue");
        assertScimError(call("POST", "/scim/v2/Users", "{not json"), 400, "invalidSyntax");
        assertScimError(call("POST", "/scim/v2/Users", "[]"), 400, "invalidSyntax");
        assertScimError(call("POST", "/scim/v2/Users", "{\"userName\":\"x1\",\"nickName\":\"?\"}"), 400, "invalidPath");
        JsonObject list = Provider.json(call("GET", "/scim/v2/Users?filter="
                + java.net.URLEncoder.encode("userName eq \"bad-email" + RUN + "\"", "UTF-8"), null).body());
        assertEquals(0, list.getInt("totalResults"), "a refused create leaves nothing behind");
    }

    @Test
    void patchWhenInvalidThenScimErrorAndUserUnchanged() throws Exception {
        String id = Provider.json(call("POST", "/scim/v2/Users", user("edsger" + RUN, "edsger" + RUN + "@example.com")).body()).getString("id");
        String schemas = "\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]";
        assertScimError(call("PATCH", "/scim/v2/Users/" + id, "{\"Operations\":[]}"), 400, "invalidSyntax");
        assertScimError(call("PATCH", "/scim/v2/Users/" + id, "{" + schemas + ",\"Operations\":[{\"op\":\"move\",\"path\":\"active\"}]}"),
                400, "invalidSyntax");
        assertScimError(call("PATCH", "/scim/v2/Users/" + id, "{" + schemas + ",\"Operations\":["
                + "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Changed\"},"
                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":\"yes\"}]}"), 400, "invalidValue");
        assertScimError(call("PATCH", "/scim/v2/Users/" + id, "{" + schemas + ",\"Operations\":[{\"op\":\"remove\"}]}"),
                400, "noTarget");
        assertScimError(call("PATCH", "/scim/v2/Users/" + id, "{" + schemas + ",\"Operations\":"
                + "[{\"op\":\"remove\",\"path\":\"userName\"}]}"), 400, "mutability");
        assertScimError(call("PATCH", "/scim/v2/Users/nope", "{" + schemas + ",\"Operations\":"
                + "[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"), 404, null);
        JsonObject unchanged = Provider.json(call("GET", "/scim/v2/Users/" + id, null).body());
        assertEquals("Grace Hopper", unchanged.getString("displayName"), "the half-valid PATCH changed nothing");
        assertTrue(unchanged.getBoolean("active"));
    }

    @Test
    void listWhenFilterUnsupportedOrPagingBadThenClearError() throws Exception {
        assertScimError(call("GET", "/scim/v2/Users?filter=" + java.net.URLEncoder.encode("emails co \"x\"", "UTF-8"), null),
                400, "invalidFilter");
        assertScimError(call("GET", "/scim/v2/Users?count=lots", null), 400, "invalidValue");
        JsonObject page = Provider.json(call("GET", "/scim/v2/Users?startIndex=1&count=1", null).body());
        assertEquals(1, page.getInt("itemsPerPage"));
        assertTrue(page.getInt("totalResults") >= 1);
    }

    @Test
    void accessWhenNoTokenOrWrongScopeThenRefused() throws Exception {
        HttpResponse<String> anonymous = provider.scim("GET", "/scim/v2/Users", null, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        TokenResponse admin = com.nimbusds.oauth2.sdk.TokenResponse.parse(new TokenRequest(provider.endpoint("/token"),
                Provider.basic("provisioning", "provisioning-secret-0123456789"), new ClientCredentialsGrant(),
                new Scope("passgate:admin")).toHTTPRequest().send());
        String adminOnly = admin.toSuccessResponse().getTokens().getAccessToken().getValue();
        HttpResponse<String> wrongScope = provider.scim("GET", "/scim/v2/Users", null, adminOnly);
        assertEquals(403, wrongScope.statusCode());
        assertTrue(wrongScope.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));

        assertEquals(401, provider.scim("GET", "/scim/v2/Users", null, "not-a-token").statusCode());
    }
}
