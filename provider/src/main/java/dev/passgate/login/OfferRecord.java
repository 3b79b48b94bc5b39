package dev.passgate.login;

import java.time.Instant;
import java.util.Optional;

/**
 * Per account: when the person last chose "I'll do it later" for the passkey offer, and how many
 * successful sign-ins since. No method returns null.
 */
public interface OfferRecord {

    record Skip(Instant skippedAt, int signInsSince) {
    }

    Optional<Skip> lastSkip(String userId);

    void recordSkip(String userId, Instant at);

    /** Counts one successful sign-in toward lifting a skip. */
    void countSignIn(String userId);
}
