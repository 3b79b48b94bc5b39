package dev.passgate.passkey;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Passkeys#startAssertion} needs to ask for a sign-in.
 *
 * @param userId  the account, when the person was identified first (username typed, re-authentication):
 *                its passkeys are listed in {@code allowCredentials}. Empty for a discoverable sign-in
 *                (conditional mediation / autofill): any passkey of this relying party may answer.
 * @param timeout how long the browser waits for the user (a hint: browsers clamp it)
 */
public record AssertionOptions(Optional<String> userId, Duration timeout) {
    public AssertionOptions {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
