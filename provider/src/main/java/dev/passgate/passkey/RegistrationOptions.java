package dev.passgate.passkey;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Passkeys#startRegistration} needs to offer a new passkey to a signed-in account.
 *
 * @param userId      the account the passkey will sign in to; never sent to the browser
 * @param username    {@code user.name}: shown by the authenticator to tell accounts apart, e.g. the email
 * @param displayName {@code user.displayName}: a friendlier label, e.g. the person's name
 * @param timeout     how long the browser waits for the user (a hint: browsers clamp it)
 * @param replacing   a passkey this one will replace (healing): left out of {@code excludeCredentials}, so
 *                    the authenticator that holds it may overwrite it instead of refusing
 */
public record RegistrationOptions(String userId, String username, String displayName, Duration timeout,
                                  Optional<CredentialId> replacing) {
    public RegistrationOptions(String userId, String username, String displayName, Duration timeout) {
        this(userId, username, displayName, timeout, Optional.empty());
    }

    public RegistrationOptions {
        Objects.requireNonNull(replacing, "replacing");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(timeout, "timeout");
        if (userId.isBlank() || username.isBlank()) {
            throw new IllegalArgumentException("userId and username must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
