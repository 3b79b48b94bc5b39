package dev.passgate.login;

import java.util.Optional;

/**
 * A WebAuthn challenge already taken off the transaction (spent) by {@link LoginFlow#handle},
 * with what it was issued for: a ceremony's answer is checked against it exactly once.
 *
 * @param value      base64url
 * @param purpose    {@code assertion} or {@code registration}
 * @param userHandle for a registration, the user handle offered to the browser
 */
public record Challenge(String value, String purpose, Optional<String> userHandle) {

    static Optional<Challenge> of(LoginTransaction tx) {
        return tx.challenge().map(c -> new Challenge(c, tx.challengePurpose().orElse(""), tx.userHandle()));
    }
}
