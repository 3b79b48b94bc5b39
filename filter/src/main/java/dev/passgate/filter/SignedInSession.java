package dev.passgate.filter;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A completed sign-in, kept in the HTTP session: the user, their tokens, and what a
 * back-channel logout needs to find it (the provider's {@code sid}, the {@code sub} and when
 * the sign-in happened). Tokens change on refresh; the rest never does.
 */
final class SignedInSession implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String ATTRIBUTE = "dev.passgate.filter.signed-in";

    /**
     * The raw tokens. Only the ID token (as logout hint), access and refresh tokens are kept;
     * {@link #toString()} shows none of them.
     */
    record Tokens(String idToken, String accessToken, String refreshToken, Instant expiresAt)
            implements Serializable {

        Tokens {
            Objects.requireNonNull(idToken, "idToken");
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        /**
         * The tokens of a token response. The access token's lifetime ({@code expires_in},
         * RFC 6749 §5.1) sets the expiry, the ID token's {@code exp} when the provider sent
         * none; a refresh response without a new refresh token keeps the previous one
         * (RFC 6749 §6).
         */
        static Tokens from(AccessTokenResponse response, String idToken, Instant idTokenExpiry,
                String previousRefreshToken, Instant now) {
            AccessToken access = response.getTokens().getAccessToken();
            RefreshToken refresh = response.getTokens().getRefreshToken();
            Instant expiresAt = access.getLifetime() > 0 ? now.plusSeconds(access.getLifetime()) : idTokenExpiry;
            return new Tokens(idToken, access.getValue(), refresh != null ? refresh.getValue() : previousRefreshToken,
                    expiresAt);
        }

        @Override
        public String toString() {
            return "Tokens[expiresAt=" + expiresAt + ", refreshable=" + (refreshToken != null) + "]";
        }
    }

    private final String subject;
    private final String sid;
    private final Instant signedInAt;
    private volatile OidcUser user;
    private volatile Tokens tokens;

    SignedInSession(OidcUser user, Tokens tokens, String sid, Instant signedInAt) {
        this.subject = user.subject();
        this.user = user;
        this.tokens = tokens;
        this.sid = sid;
        this.signedInAt = signedInAt;
    }

    /** The sign-in stored in this session, or null. */
    static SignedInSession in(HttpSession session) {
        if (session == null) {
            return null;
        }
        try {
            return session.getAttribute(ATTRIBUTE) instanceof SignedInSession s ? s : null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    OidcUser user() {
        return user;
    }

    Tokens tokens() {
        return tokens;
    }

    String subject() {
        return subject;
    }

    /** The provider's session id ({@code sid} claim), or null when the provider sent none. */
    String sid() {
        return sid;
    }

    Instant signedInAt() {
        return signedInAt;
    }

    /** After a refresh; both change together so a reader never sees a mix. */
    synchronized void refreshed(OidcUser newUser, Tokens newTokens) {
        this.user = newUser;
        this.tokens = newTokens;
    }
}
