package dev.passgate.protocol.cors;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.client.ClientRegistry;

/**
 * Which browser origins may call which endpoints from script (the Fetch standard's CORS). Only
 * public clients run in a browser: their redirect URIs' exact origins may read discovery, the
 * JWKS, and call the token, userinfo and revocation endpoints. Nothing else, and never with
 * cookies: these endpoints authenticate by the request's own parameters and bearer tokens.
 */
public final class CorsPolicy {
    /** The endpoints a single-page app needs; the login, logout and SCIM are not among them. */
    static final Set<String> PATHS = Set.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
            "/jwks", "/token", "/userinfo", "/revoke");

    private final Set<String> origins;

    public CorsPolicy(ClientRegistry clients) {
        this.origins = clients.all().stream().filter(Client::isPublic)
                .flatMap(c -> c.redirectUris().stream())
                .map(CorsPolicy::origin).flatMap(Optional::stream)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The origin to echo in {@code Access-Control-Allow-Origin}, when this origin may call this path. */
    public Optional<String> allowed(String path, String origin) {
        return origin != null && PATHS.contains(path) && origins.contains(origin) ? Optional.of(origin) : Optional.empty();
    }

    public boolean covers(String path) {
        return PATHS.contains(path);
    }

    /** {@code scheme://host[:port]} as a browser sends it in {@code Origin}; none for URIs no browser page has. */
    static Optional<String> origin(URI uri) {
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || uri.getHost() == null) {
            return Optional.empty();
        }
        return Optional.of(scheme + "://" + uri.getRawAuthority().replaceFirst("^[^@]*@", ""));
    }
}
