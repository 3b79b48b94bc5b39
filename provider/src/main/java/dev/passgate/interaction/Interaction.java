package dev.passgate.interaction;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.util.URLUtils;

/**
 * A paused authorization request waiting for the login to finish (node-oidc-provider's
 * "interaction"). Stored in the database, so the login may continue on any node.
 *
 * @param idHash        SHA-256 of the interaction id (it appears in URLs)
 * @param browserBindingHash SHA-256 of the secret in the starting browser's cookie: only that browser may go on
 * @param requestParams the original authorization request parameters, replayed when the protocol resumes
 * @param result        filled in by the login when the user is verified
 */
public record Interaction(String idHash, String browserBindingHash, String clientId,
                          Map<String, List<String>> requestParams, Instant createdAt, Instant expiresAt,
                          Optional<LoginResult> result) {

    /** Constant-time check that {@code cookieSecret} is this interaction's browser binding. */
    public boolean isBoundTo(String cookieSecret) {
        return cookieSecret != null && dev.passgate.security.Secrets.equal(browserBindingHash,
                dev.passgate.security.Secrets.sha256(cookieSecret));
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The original authorization request again, for a "Start again" link when the login is lost. */
    public URI restartAt(URI authorizationEndpoint) {
        return URI.create(authorizationEndpoint + "?" + URLUtils.serializeParameters(requestParams));
    }

    /** The first value of a request parameter, e.g. {@code login_hint}. */
    public Optional<String> param(String name) {
        List<String> values = requestParams.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
