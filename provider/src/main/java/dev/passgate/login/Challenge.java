package dev.passgate.login;

import java.time.Instant;
import java.util.Optional;

/**
 * A WebAuthn challenge already taken off the transaction (spent) by {@link LoginFlow#handle},
 * with what it was issued for: a ceremony's answer is checked against it exactly once.
 *
 * @param value      base64url
 * @param purpose    {@code assertion} or {@code registration}
 * @param userHandle for a registration, the user handle offered to the browser
 * @param expiresAt  when it stops being answerable
 */
public record Challenge(String value, String purpose, Optional<String> userHandle, Optional<Instant> expiresAt) {
    /** After the prompt's timeout: for the network and a slow authenticator, no more. */
    public static final java.time.Duration GRACE = java.time.Duration.ofSeconds(10);

    static Optional<Challenge> of(LoginTransaction tx) {
        return tx.challenge().map(c -> new Challenge(c, tx.challengePurpose().orElse(""), tx.userHandle(),
                tx.challengeExpiresAt()));
    }

    /** Answered after the browser prompt's timeout and its grace: too late (WebAuthn L3 §5.4.6 timeout). */
    public boolean isLateAt(Instant now) {
        return expiresAt.map(now::isAfter).orElse(false);
    }
}
