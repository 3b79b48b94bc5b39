package dev.passgate.filter;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.passgate.filter.ProviderMetadataCache.Provider;
import dev.passgate.filter.SessionGuard.Check;
import dev.passgate.filter.SignedInSession.Tokens;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Renews a sign-in's tokens with the refresh token grant (RFC 6749 §6) when they are about to
 * expire. One refresh per sign-in at a time: the provider rotates refresh tokens and treats
 * a second use of the old one as theft (RFC 9700 §4.14.2), so two parallel requests must not
 * both spend it.
 */
final class TokenRefresher {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class.getName());

    private final FilterSettings settings;
    private final ProviderMetadataCache providers;
    private final TokenClient tokenClient;
    private final SessionRevocations revocations;
    private final Duration refreshAhead;

    TokenRefresher(FilterSettings settings, ProviderMetadataCache providers, TokenClient tokenClient,
            SessionRevocations revocations) {
        this.settings = settings;
        this.providers = providers;
        this.tokenClient = tokenClient;
        this.revocations = revocations;
        this.refreshAhead = settings.refreshAhead();
    }

    /**
     * Without a refresh token the sign-in lasts as long as its tokens, then the user signs in
     * again (silently, while their provider session lives). A refused refresh or a refreshed
     * ID token for someone else ends the sign-in; an unreachable provider keeps it while the
     * current tokens are still valid.
     */
    Check refreshIfDue(HttpSession session, SignedInSession signedIn, Instant now) {
        synchronized (signedIn) {
            Tokens tokens = signedIn.tokens();
            if (now.isBefore(tokens.expiresAt().minus(refreshAhead))) {
                return Check.active(signedIn.user());
            }
            if (tokens.refreshToken() == null) {
                return stillValid(tokens, now) ? Check.active(signedIn.user()) : ended(session, "tokens expired");
            }
            try {
                Provider provider = providers.get();
                AccessTokenResponse response = tokenClient.refresh(provider.metadata().getTokenEndpointURI(),
                        new RefreshToken(tokens.refreshToken()));
                OidcUser user = renew(provider, signedIn, tokens, response, now);
                session.setAttribute(SignedInSession.ATTRIBUTE, signedIn);
                return Check.active(user);
            } catch (ProviderErrorException | TokenRejectedException e) {
                return ended(session, e.getMessage());
            } catch (ProviderUnavailableException e) {
                LOG.log(Level.WARNING, "Passgate: token refresh postponed: {0}", e.getMessage());
                return stillValid(tokens, now) ? Check.active(signedIn.user()) : Check.UNAVAILABLE;
            }
        }
    }

    private OidcUser renew(Provider provider, SignedInSession signedIn, Tokens old, AccessTokenResponse response,
            Instant now) throws TokenRejectedException, ProviderUnavailableException {
        String idToken = old.idToken();
        Map<String, Object> claims = signedIn.user().claims();
        Instant idTokenExpiry = old.expiresAt();
        if (response instanceof OIDCTokenResponse oidc && oidc.getOIDCTokens().getIDTokenString() != null) {
            idToken = oidc.getOIDCTokens().getIDTokenString();
            // OIDC Core §12.2: no nonce expected; same iss and aud (checked), same sub (below).
            IDTokenClaimsSet refreshed = provider.idTokens().verify(idToken, null);
            if (!refreshed.getSubject().getValue().equals(signedIn.subject())) {
                throw new TokenRejectedException("Refreshed ID token is for another subject");
            }
            claims = refreshed.toJSONObject();
            idTokenExpiry = refreshed.getExpirationTime().toInstant();
        }
        Tokens renewed = Tokens.from(response, idToken, idTokenExpiry, old.refreshToken(), now);
        OidcUser user = OidcUser.fromClaims(claims, settings.rolesClaim(), renewed.accessToken(), renewed.expiresAt());
        signedIn.refreshed(user, renewed);
        revocations.tokensIssued(renewed.expiresAt());
        return user;
    }

    private static boolean stillValid(Tokens tokens, Instant now) {
        return now.isBefore(tokens.expiresAt());
    }

    private static Check ended(HttpSession session, String reason) {
        LOG.log(Level.FINE, "Passgate: sign-in ended: {0}", reason);
        SessionGuard.end(session);
        return Check.ENDED;
    }
}

