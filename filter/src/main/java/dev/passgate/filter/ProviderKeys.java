package dev.passgate.filter;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.URL;

/**
 * The provider's signing keys, fetched from its {@code jwks_uri} and cached. A token signed
 * with a key the cache does not know triggers one immediate refetch (Nimbus's JWKSet-based
 * source does this), so a provider that rotated its keys is followed without waiting for
 * the cache to expire; the rate limit keeps forged {@code kid}s from turning every request
 * into a fetch.
 */
final class ProviderKeys {

    /** Largest JWK set accepted; a real one is a few kilobytes. */
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private ProviderKeys() {
    }

    static JWKSource<SecurityContext> remote(URL jwksUri, FilterSettings settings) {
        int connect = (int) settings.httpConnectTimeout().toMillis();
        int read = (int) settings.httpReadTimeout().toMillis();
        long ttl = Math.max(1_000L, settings.jwksRefresh().toMillis());
        return JWKSourceBuilder.<SecurityContext>create(jwksUri,
                        new DefaultResourceRetriever(connect, read, MAX_JWKS_BYTES))
                // How long a thread waits for another that is already fetching the keys.
                .cache(ttl, (long) connect + read)
                .rateLimited(true)
                // Keep verifying with the last keys seen while the JWKS endpoint is briefly down.
                .outageTolerant(Math.max(ttl, 3_600_000L))
                .build();
    }
}
