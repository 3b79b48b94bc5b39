package dev.passgate.protocol.client;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;

/**
 * A registered client: its RFC 7591 / OIDC Registration metadata and, for the secret-based
 * methods, the SHA-256 of its secret (the clear secret is never kept).
 */
public record Client(String id, Optional<String> secretHash, OIDCClientMetadata metadata) {

    public Client {
        Objects.requireNonNull(id);
        Objects.requireNonNull(secretHash);
        Objects.requireNonNull(metadata);
    }

    /** What a person sees: the registered {@code client_name}, else the client id. */
    public String displayName() {
        return metadata.getName() == null ? id : metadata.getName();
    }

    public ClientAuthenticationMethod authMethod() {
        return metadata.getTokenEndpointAuthMethod();
    }

    /** A client that cannot keep a secret: PKCE is its only proof at the token endpoint. */
    public boolean isPublic() {
        return ClientAuthenticationMethod.NONE.equals(authMethod());
    }

    public Set<URI> redirectUris() {
        return metadata.getRedirectionURIs() == null ? Set.of() : metadata.getRedirectionURIs();
    }

    /**
     * RFC 9700 §2.1: redirect URIs are compared as exact strings, no normalisation, no patterns.
     * One exception, RFC 8252 §7.3: a native app (public client) registering an http loopback IP
     * literal ({@code http://127.0.0.1/cb}, {@code http://[::1]/cb}) may use any port, since the
     * operating system picks it at run time. {@code localhost} gets no such leeway (§8.3).
     */
    public boolean hasRedirectUri(URI candidate) {
        if (candidate == null) {
            return false;
        }
        String raw = candidate.toString();
        return redirectUris().stream().anyMatch(u -> u.toString().equals(raw) || isPublic() && sameLoopbackAnyPort(u, candidate));
    }

    private static boolean sameLoopbackAnyPort(URI registered, URI candidate) {
        String host = registered.getHost();
        boolean loopbackLiteral = "127.0.0.1".equals(host) || "[::1]".equals(host);
        return loopbackLiteral && candidate.getRawFragment() == null
                && "http".equals(registered.getScheme()) && "http".equals(candidate.getScheme())
                && host.equals(candidate.getHost()) && registered.getRawUserInfo() == null && candidate.getRawUserInfo() == null
                && java.util.Objects.equals(registered.getRawPath(), candidate.getRawPath())
                && java.util.Objects.equals(registered.getRawQuery(), candidate.getRawQuery());
    }

    public boolean hasPostLogoutRedirectUri(URI candidate) {
        Set<URI> registered = metadata.getPostLogoutRedirectionURIs();
        return candidate != null && registered != null
                && registered.stream().anyMatch(u -> u.toString().equals(candidate.toString()));
    }

    public Scope allowedScope() {
        return metadata.getScope();
    }

    public boolean allowsGrant(GrantType grantType) {
        return metadata.getGrantTypes() != null && metadata.getGrantTypes().contains(grantType);
    }

    public JWSAlgorithm idTokenAlgorithm() {
        return metadata.getIDTokenJWSAlg() == null ? JWSAlgorithm.RS256 : metadata.getIDTokenJWSAlg();
    }

    public Optional<URI> backChannelLogoutUri() {
        return Optional.ofNullable(metadata.getBackChannelLogoutURI());
    }
}
