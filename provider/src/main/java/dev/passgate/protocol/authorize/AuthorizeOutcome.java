package dev.passgate.protocol.authorize;

import java.util.Optional;

import com.nimbusds.oauth2.sdk.AuthorizationResponse;

import dev.passgate.web.ErrorView;

/** What the authorization endpoint answers. The resource maps each case to HTTP; nothing else decides. */
public sealed interface AuthorizeOutcome {

    /**
     * Back to the client, success or error (RFC 6749 §4.1.2), by redirect or form post.
     *
     * @param sessionCookie a new single sign-on session cookie to set, when a login just finished
     */
    record Respond(AuthorizationResponse response, Optional<String> sessionCookie) implements AuthorizeOutcome {
    }

    /**
     * The user must sign in: send the browser to the login with this interaction, and give it
     * {@code browserSecret} in a cookie so that only this browser can continue.
     */
    record Login(String interactionId, String browserSecret) implements AuthorizeOutcome {
    }

    /**
     * An error that must not be redirected (unknown client, unregistered redirect URI: RFC 6749 §4.1.2.1),
     * or an expired login; the view's {@code restart}, when present, repeats the client's original request.
     */
    record ErrorPage(int status, ErrorView view) implements AuthorizeOutcome {
    }
}
