package dev.passgate.interaction;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the login hands back to the protocol: who signed in, when, and how. The protocol turns
 * it into a session and an ID token; the login never builds protocol messages itself.
 *
 * @param amr RFC 8176 authentication method references, e.g. {@code pwd}, {@code otp}, {@code mfa}
 * @param acr the authentication context class reached (see README, "acr values")
 */
public record LoginResult(String userId, Instant authTime, List<String> amr, String acr) {
    public LoginResult {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(authTime);
        amr = List.copyOf(amr);
        Objects.requireNonNull(acr);
    }
}
