package dev.passgate.protocol.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.util.JSONArrayUtils;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;

import net.minidev.json.JSONObject;

import dev.passgate.security.Secrets;

/**
 * The registered clients, read from {@code passgate.clients-file}: a JSON array of RFC 7591
 * client metadata objects, each with {@code client_id} and, for the secret-based methods,
 * {@code client_secret} (or {@code client_secret_sha256}, the hex SHA-256 of the secret, so the
 * file need not hold it in clear). Clients are configuration: every node reads the same file.
 */
public final class ClientRegistry {
    static final Set<ClientAuthenticationMethod> AUTH_METHODS = Set.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
            ClientAuthenticationMethod.NONE);
    static final Set<GrantType> GRANT_TYPES = Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN,
            GrantType.CLIENT_CREDENTIALS);
    static final Set<JWSAlgorithm> ID_TOKEN_ALGS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final Scope DEFAULT_SCOPE = new Scope("openid", "profile", "email", "phone", "address", "offline_access");

    private final Map<String, Client> clients;
    private final java.util.Set<String> builtIn;

    public ClientRegistry(List<Client> clients) {
        this(clients, java.util.Set.of());
    }

    private ClientRegistry(List<Client> clients, java.util.Set<String> builtIn) {
        Map<String, Client> byId = new LinkedHashMap<>();
        clients.forEach(c -> byId.put(c.id(), c));
        this.clients = java.util.Collections.unmodifiableMap(byId);
        this.builtIn = java.util.Set.copyOf(builtIn);
    }

    /**
     * A client of the provider's own pages: it signs people in through {@code /authorize} only, and never gets a
     * token (its pages redeem the code themselves), so the token, revocation and introspection endpoints refuse it.
     */
    public boolean isBuiltIn(String clientId) {
        return builtIn.contains(clientId);
    }

    /**
     * These clients and a built-in one (the account pages'). Its id is reserved: a clients file that uses it
     * stops start-up rather than be silently shadowed.
     */
    public ClientRegistry withBuiltIn(Client builtIn) {
        if (clients.containsKey(builtIn.id())) {
            throw new ClientsFileException("Clients file: client_id '" + builtIn.id() + "' is reserved for Passgate's own"
                    + " account pages; give the client another id");
        }
        List<Client> all = new java.util.ArrayList<>(clients.values());
        all.add(builtIn);
        java.util.Set<String> ids = new java.util.HashSet<>(this.builtIn);
        ids.add(builtIn.id());
        return new ClientRegistry(all, ids);
    }

    public Optional<Client> find(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
    }

    public int size() {
        return clients.size();
    }

    /** Every registered client, in file order. */
    public java.util.Collection<Client> all() {
        return clients.values();
    }

    public static ClientRegistry load(Path file, boolean production) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ClientsFileException("Clients file " + file.toAbsolutePath() + " cannot be read: " + e.getMessage()
                    + ". Check passgate.clients-file.");
        }
        return parse(json, file.toString(), production);
    }

    public static ClientRegistry parse(String json, String source, boolean production) {
        List<Object> entries;
        try {
            entries = JSONArrayUtils.parse(json);
        } catch (ParseException e) {
            throw new ClientsFileException("Clients file " + source + " is not a JSON array of client objects: "
                    + e.getMessage());
        }
        Map<String, Client> byId = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "Clients file " + source + ", entry " + (i + 1);
            if (!(entries.get(i) instanceof JSONObject entry)) {
                throw new ClientsFileException(where + ": must be a JSON object");
            }
            Client client = parseClient(where, entry, production);
            if (byId.putIfAbsent(client.id(), client) != null) {
                throw new ClientsFileException(where + ": client_id '" + client.id() + "' appears twice");
            }
        }
        return new ClientRegistry(List.copyOf(byId.values()));
    }

    private static Client parseClient(String where, JSONObject json, boolean production) {
        Object id = json.get("client_id");
        if (!(id instanceof String clientId) || clientId.isBlank()) {
            throw new ClientsFileException(where + ": client_id is missing or not a string");
        }
        where = where + " (client_id '" + clientId + "')";
        OIDCClientMetadata metadata;
        try {
            metadata = OIDCClientMetadata.parse(json);
        } catch (ParseException e) {
            throw new ClientsFileException(where + ": " + e.getMessage());
        }
        metadata.applyDefaults();
        if (metadata.getScope() == null) {
            metadata.setScope(DEFAULT_SCOPE);
        }

        ClientAuthenticationMethod method = metadata.getTokenEndpointAuthMethod();
        if (!AUTH_METHODS.contains(method)) {
            throw new ClientsFileException(where + ": token_endpoint_auth_method '" + method
                    + "' is not supported; use client_secret_basic, client_secret_post, private_key_jwt or none");
        }
        for (GrantType grant : metadata.getGrantTypes()) {
            if (!GRANT_TYPES.contains(grant)) {
                throw new ClientsFileException(where + ": grant type '" + grant
                        + "' is not supported; use authorization_code, refresh_token or client_credentials");
            }
        }
        for (ResponseType rt : metadata.getResponseTypes()) {
            if (!rt.impliesCodeFlow()) {
                throw new ClientsFileException(where + ": response type '" + rt + "' is not supported; only 'code'");
            }
        }
        if (!ID_TOKEN_ALGS.contains(metadata.getIDTokenJWSAlg() == null ? JWSAlgorithm.RS256 : metadata.getIDTokenJWSAlg())) {
            throw new ClientsFileException(where + ": id_token_signed_response_alg must be RS256 or ES256");
        }
        if (metadata.getGrantTypes().contains(GrantType.AUTHORIZATION_CODE)) {
            if (metadata.getRedirectionURIs() == null || metadata.getRedirectionURIs().isEmpty()) {
                throw new ClientsFileException(where + ": redirect_uris is required for the authorization_code grant");
            }
            for (URI uri : metadata.getRedirectionURIs()) {
                checkRedirect(where, "redirect_uris", uri, production, method.equals(ClientAuthenticationMethod.NONE));
            }
        }
        if (metadata.getPostLogoutRedirectionURIs() != null) {
            for (URI uri : metadata.getPostLogoutRedirectionURIs()) {
                checkRedirect(where, "post_logout_redirect_uris", uri, production);
            }
        }
        if (metadata.getBackChannelLogoutURI() != null) {
            checkRedirect(where, "backchannel_logout_uri", metadata.getBackChannelLogoutURI(), production);
        }

        Optional<String> secretHash = secretHash(where, json);
        boolean secretMethod = method.equals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                || method.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        if (secretMethod && secretHash.isEmpty()) {
            throw new ClientsFileException(where + ": " + method + " needs client_secret (or client_secret_sha256)");
        }
        if (!secretMethod && secretHash.isPresent()) {
            throw new ClientsFileException(where + ": has a client_secret but authenticates with " + method
                    + "; remove the secret or change token_endpoint_auth_method");
        }
        if (method.equals(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                && metadata.getJWKSet() == null && metadata.getJWKSetURI() == null) {
            throw new ClientsFileException(where + ": private_key_jwt needs the client's public keys in jwks or jwks_uri");
        }
        if (method.equals(ClientAuthenticationMethod.NONE) && metadata.getGrantTypes().contains(GrantType.CLIENT_CREDENTIALS)) {
            throw new ClientsFileException(where + ": a public client (none) cannot use client_credentials");
        }
        // The provider's own APIs are for machines: a scope a signed-in person's client could ask for
        // would hand every user who signs in to it a SCIM or key-rotation token.
        boolean servesPeople = metadata.getGrantTypes().contains(GrantType.AUTHORIZATION_CODE)
                || method.equals(ClientAuthenticationMethod.NONE);
        for (String machineOnly : MACHINE_SCOPES) {
            if (servesPeople && metadata.getScope().contains(machineOnly)) {
                throw new ClientsFileException(where + ": scope '" + machineOnly + "' is for client_credentials clients"
                        + " only; remove it from this client's scope, or register a separate machine client for it");
            }
        }
        return new Client(clientId, secretHash, metadata);
    }

    /** Scopes of the provider's own APIs (SCIM, key rotation): never for a client that acts for a signed-in person. */
    static final List<String> MACHINE_SCOPES = List.of("scim", "passgate:admin");

    private static Optional<String> secretHash(String where, Map<String, Object> json) {
        Object clear = json.get("client_secret");
        Object hashed = json.get("client_secret_sha256");
        if (clear != null && hashed != null) {
            throw new ClientsFileException(where + ": give client_secret or client_secret_sha256, not both");
        }
        if (clear != null) {
            if (!(clear instanceof String s) || s.length() < 16) {
                throw new ClientsFileException(where + ": client_secret must be a string of at least 16 characters");
            }
            return Optional.of(Secrets.sha256(s));
        }
        if (hashed != null) {
            if (!(hashed instanceof String s) || !s.matches("[0-9a-fA-F]{64}")) {
                throw new ClientsFileException(where + ": client_secret_sha256 must be 64 hex digits");
            }
            return Optional.of(s.toLowerCase());
        }
        return Optional.empty();
    }

    private static void checkRedirect(String where, String field, URI uri, boolean production) {
        checkRedirect(where, field, uri, production, false);
    }

    /**
     * https, http (loopback, or anywhere in dev mode), or for a native app (a public client) a
     * private-use scheme in reverse-domain form ({@code com.example.app:/oauth2redirect}, RFC 8252 §7.1).
     */
    private static void checkRedirect(String where, String field, URI uri, boolean production, boolean publicClient) {
        if (!uri.isAbsolute() || uri.getRawFragment() != null) {
            throw new ClientsFileException(where + ": " + field + " entry '" + uri + "' must be absolute without a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            if (!publicClient || !scheme.contains(".")) {
                throw new ClientsFileException(where + ": " + field + " entry '" + uri + "' must be https or http; a native"
                        + " app (token_endpoint_auth_method none) may use a private-use scheme in reverse-domain form,"
                        + " such as com.example.app:/oauth2redirect");
            }
            return;
        }
        boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        if (production && "http".equals(uri.getScheme()) && !loopback) {
            throw new ClientsFileException(where + ": " + field + " entry '" + uri + "' must use https in production mode");
        }
    }
}
