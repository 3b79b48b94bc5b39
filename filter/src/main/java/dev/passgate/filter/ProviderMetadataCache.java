package dev.passgate.filter;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The provider as this filter sees it: its metadata from
 * {@code {issuer}/.well-known/openid-configuration} (OIDC Discovery 1.0 §4) and the
 * verifiers built on its signing keys. Fetched on first need rather than at start-up, so the
 * application starts even while the provider is down; then kept for the life of the filter
 * (keys have their own cache, see {@link ProviderKeys}).
 */
final class ProviderMetadataCache {

    private static final Logger LOG = Logger.getLogger(ProviderMetadataCache.class.getName());

    /** After a failed fetch, requests fail fast for this long instead of each waiting on timeouts. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    /**
     * Everything derived from the metadata, built together.
     *
     * @param metadata      the discovery document (its issuer checked against the configured one)
     * @param idTokens      ID token verifier bound to the provider's keys
     * @param logoutTokens  logout token verifier bound to the same keys
     */
    record Provider(OIDCProviderMetadata metadata, IdTokenVerifier idTokens,
            LogoutTokenVerifier logoutTokens) {
    }

    /** Where the metadata comes from; a seam for tests. */
    interface MetadataSource {
        OIDCProviderMetadata fetch() throws GeneralException, IOException;
    }

    private final FilterSettings settings;
    private final MetadataSource source;
    private final Clock clock;
    private final JtiReplayCache replays = new JtiReplayCache();

    private volatile Provider provider;
    private Instant nextAttempt = Instant.MIN;

    ProviderMetadataCache(FilterSettings settings, Clock clock) {
        this(settings, clock, () -> OIDCProviderMetadata.resolve(new Issuer(settings.issuer()),
                (int) settings.httpConnectTimeout().toMillis(),
                (int) settings.httpReadTimeout().toMillis()));
    }

    ProviderMetadataCache(FilterSettings settings, Clock clock, MetadataSource source) {
        this.settings = settings;
        this.clock = clock;
        this.source = source;
    }

    Provider get() throws ProviderUnavailableException {
        Provider current = provider;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (provider != null) {
                return provider;
            }
            Instant now = clock.instant();
            if (now.isBefore(nextAttempt)) {
                throw new ProviderUnavailableException("Provider metadata unavailable; next attempt at "
                        + nextAttempt, null);
            }
            try {
                provider = load();
                return provider;
            } catch (GeneralException | IOException | RuntimeException e) {
                nextAttempt = now.plus(RETRY_AFTER_FAILURE);
                LOG.log(Level.WARNING, "Passgate: could not load the provider metadata of {0}: {1}",
                        new Object[] {settings.issuer(), e.toString()});
                throw new ProviderUnavailableException("Provider metadata unavailable", e);
            }
        }
    }

    private Provider load() throws GeneralException, IOException {
        // Nimbus's resolve refuses a document whose issuer differs from the one configured
        // (Discovery §4.3), which stops a provider from impersonating another.
        OIDCProviderMetadata metadata = source.fetch();
        if (metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null
                || metadata.getJWKSetURI() == null) {
            throw new GeneralException("The provider metadata lacks authorization_endpoint, "
                    + "token_endpoint or jwks_uri");
        }
        Issuer issuer = new Issuer(settings.issuer());
        ClientID clientId = new ClientID(settings.clientId());
        JWKSource<SecurityContext> keys = ProviderKeys.remote(metadata.getJWKSetURI().toURL(), settings);
        return new Provider(metadata,
                new IdTokenVerifier(issuer, clientId, keys, settings.clockSkew()),
                new LogoutTokenVerifier(issuer, clientId, keys, settings.clockSkew(), clock, replays));
    }
}
