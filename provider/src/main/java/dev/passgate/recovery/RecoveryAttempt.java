package dev.passgate.recovery;

import java.time.Instant;
import java.util.Optional;

/**
 * One "Can't sign in?" under way, as stored. The browser holds a random id; this is found by its SHA-256.
 * A recovery for an identifier no account has is stored and answered the same way, with no account.
 *
 * @param userId     the account the identifier named, when there is one and a code could go to it
 * @param stamp      a digest of the account's password, email, phone and state when it began: a change to any of
 *                   them ends the recovery
 * @param attempts   codes typed, right or wrong
 * @param verifiedAt when the right code was typed; then a new password may be set, once
 * @param link       a recovery link support made (not yet opened): an account has at most one
 */
public record RecoveryAttempt(String idHash, Optional<String> userId, Optional<String> stamp, Instant createdAt, Instant expiresAt, int attempts,
                              Optional<Instant> verifiedAt, boolean link) {

    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
