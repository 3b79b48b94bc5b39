package dev.passgate.protocol.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;

import dev.passgate.security.Secrets;

class ClientRegistryTest {
    static final String WEB = "{\"client_id\":\"web\",\"client_secret\":\"0123456789abcdef\","
            + "\"redirect_uris\":[\"https://app.example/cb\"]}";

    @Test
    void parseWhenValidThenDefaultsAppliedAndSecretKeptOnlyAsHash() {
        Client c = ClientRegistry.parse("[" + WEB + "]", "test", false).find("web").orElseThrow();
        assertEquals(Secrets.sha256("0123456789abcdef"), c.secretHash().orElseThrow());
        assertFalse(c.toString().contains("0123456789abcdef"));
        assertTrue(c.allowsGrant(GrantType.AUTHORIZATION_CODE));
        assertEquals(JWSAlgorithm.RS256, c.idTokenAlgorithm());
        assertTrue(c.allowedScope().contains("openid"));
    }

    @Test
    void redirectUriWhenComparedThenExactStringOnly() {
        Client c = ClientRegistry.parse("[" + WEB + "]", "test", false).find("web").orElseThrow();
        assertTrue(c.hasRedirectUri(URI.create("https://app.example/cb")));
        for (String near : new String[] {"https://app.example/cb/", "https://APP.example/cb", "https://app.example/cb?x",
                "https://app.example:443/cb", "https://app.example/cb#f", "https://app.example/CB"}) {
            assertFalse(c.hasRedirectUri(URI.create(near)), near);
        }
        assertFalse(c.hasRedirectUri(null));
    }

    @Test
    void parseWhenBrokenThenMessageNamesEntryClientAndFix() {
        assertError("{", "not a JSON array");
        assertError("[42]", "entry 1: must be a JSON object");
        assertError("[{\"redirect_uris\":[\"https://a.example/cb\"]}]", "client_id is missing");
        assertError("[" + WEB + "," + WEB + "]", "appears twice");
        assertError("[{\"client_id\":\"x\",\"redirect_uris\":[\"https://a.example/cb\"]}]", "needs client_secret");
        assertError("[{\"client_id\":\"x\",\"client_secret\":\"short\",\"redirect_uris\":[\"https://a.example/cb\"]}]",
                "at least 16 characters");
        assertError("[{\"client_id\":\"x\",\"token_endpoint_auth_method\":\"none\",\"client_secret\":\"0123456789abcdef\","
                + "\"redirect_uris\":[\"https://a.example/cb\"]}]", "remove the secret");
        assertError("[{\"client_id\":\"x\",\"token_endpoint_auth_method\":\"none\"}]", "redirect_uris is required");
        assertError("[{\"client_id\":\"x\",\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"client_credentials\"]}]",
                "public client");
        assertError("[{\"client_id\":\"x\",\"token_endpoint_auth_method\":\"private_key_jwt\","
                + "\"redirect_uris\":[\"https://a.example/cb\"]}]", "jwks or jwks_uri");
        assertError("[{\"client_id\":\"x\",\"client_secret\":\"0123456789abcdef\",\"grant_types\":[\"implicit\"],"
                + "\"redirect_uris\":[\"https://a.example/cb\"]}]", "not supported");
        assertError("[{\"client_id\":\"x\",\"client_secret\":\"0123456789abcdef\",\"id_token_signed_response_alg\":\"HS256\","
                + "\"redirect_uris\":[\"https://a.example/cb\"]}]", "RS256 or ES256");
        assertError("[{\"client_id\":\"x\",\"client_secret\":\"0123456789abcdef\","
                + "\"redirect_uris\":[\"https://a.example/cb#frag\"]}]", "fragment");
    }

    @Test
    void parseWhenProductionThenPlainHttpRedirectRefusedExceptLoopback() {
        String http = "[{\"client_id\":\"x\",\"client_secret\":\"0123456789abcdef\",\"redirect_uris\":[\"http://app.example/cb\"]}]";
        assertEquals(1, ClientRegistry.parse(http, "t", false).size());
        ClientsFileException e = assertThrows(ClientsFileException.class, () -> ClientRegistry.parse(http, "t", true));
        assertTrue(e.getMessage().contains("https in production"));
        String loopback = "[{\"client_id\":\"x\",\"client_secret\":\"0123456789abcdef\",\"redirect_uris\":[\"http://localhost:9/cb\"]}]";
        assertEquals(1, ClientRegistry.parse(loopback, "t", true).size());
    }

    /** Issue 8 (6): a client acting for signed-in people never gets the provider's own API scopes. */
    @Test
    void clientWhenItServesPeopleAndListsScimOrAdminThenStartUpRefusedNamingIt() {
        assertError("[{\"client_id\":\"crm\",\"client_secret\":\"0123456789abcdef\",\"redirect_uris\":[\"https://crm.example/cb\"],"
                + "\"scope\":\"openid scim\"}]", "client_id 'crm'): scope 'scim' is for client_credentials clients only");
        assertError("[{\"client_id\":\"spa\",\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\"https://spa.example/cb\"],"
                + "\"scope\":\"openid passgate:admin\"}]", "scope 'passgate:admin' is for client_credentials clients only");
        String machine = "[{\"client_id\":\"ops\",\"client_secret\":\"0123456789abcdef\",\"grant_types\":[\"client_credentials\"],"
                + "\"scope\":\"scim passgate:admin\"}]";
        assertEquals(1, ClientRegistry.parse(machine, "t", true).size(), "a machine client may have them");
    }

    /** Issue 8, native apps (RFC 8252 §7.1, §7.3, §8.3). */
    @Test
    void nativeAppWhenLoopbackIpRegisteredThenAnyPortMatchesButOnlyThatPathAndNeverLocalhost() {
        Client app = ClientRegistry.parse("[{\"client_id\":\"cli\",\"token_endpoint_auth_method\":\"none\","
                + "\"redirect_uris\":[\"http://127.0.0.1/cb\",\"http://[::1]/cb\",\"http://localhost:8400/cb\"]}]", "t", true)
                .find("cli").orElseThrow();
        assertTrue(app.hasRedirectUri(URI.create("http://127.0.0.1:53211/cb")), "the port the OS picked");
        assertTrue(app.hasRedirectUri(URI.create("http://[::1]:61000/cb")));
        assertTrue(app.hasRedirectUri(URI.create("http://127.0.0.1/cb")));
        assertFalse(app.hasRedirectUri(URI.create("http://127.0.0.1:53211/cb/other")), "the path is exact");
        assertFalse(app.hasRedirectUri(URI.create("http://127.0.0.1:53211/cb?x=1")), "the query is exact");
        assertFalse(app.hasRedirectUri(URI.create("https://127.0.0.1:53211/cb")), "the scheme is exact");
        assertFalse(app.hasRedirectUri(URI.create("http://localhost:53211/cb")), "localhost is no loopback literal");
        assertFalse(app.hasRedirectUri(URI.create("http://localhost:8401/cb")), "a registered localhost URI matches exactly only");
        Client confidential = ClientRegistry.parse("[{\"client_id\":\"web\",\"client_secret\":\"0123456789abcdef\","
                + "\"redirect_uris\":[\"http://127.0.0.1/cb\"]}]", "t", false).find("web").orElseThrow();
        assertFalse(confidential.hasRedirectUri(URI.create("http://127.0.0.1:53211/cb")), "any port is for native apps only");
    }

    @Test
    void nativeAppWhenPrivateUseSchemeThenAcceptedForPublicClientsOnly() {
        Client app = ClientRegistry.parse("[{\"client_id\":\"ios\",\"token_endpoint_auth_method\":\"none\","
                + "\"redirect_uris\":[\"com.example.app:/oauth2redirect\"]}]", "t", true).find("ios").orElseThrow();
        assertTrue(app.hasRedirectUri(URI.create("com.example.app:/oauth2redirect")));
        assertError("[{\"client_id\":\"web\",\"client_secret\":\"0123456789abcdef\",\"redirect_uris\":[\"com.example.app:/cb\"]}]",
                "a native app (token_endpoint_auth_method none) may use a private-use scheme");
        assertError("[{\"client_id\":\"x\",\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\"myapp:/cb\"]}]",
                "reverse-domain form");
        assertError("[{\"client_id\":\"x\",\"token_endpoint_auth_method\":\"none\",\"redirect_uris\":[\"javascript:alert(1)\"]}]",
                "The URI scheme javascript is prohibited"); // Nimbus refuses it before we look
    }

    private static void assertError(String json, String fragment) {
        ClientsFileException e = assertThrows(ClientsFileException.class, () -> ClientRegistry.parse(json, "clients.json", false));
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("Clients file clients.json"), e.getMessage());
    }
}
