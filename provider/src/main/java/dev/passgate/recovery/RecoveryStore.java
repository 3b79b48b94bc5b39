package dev.passgate.recovery;

import java.time.Instant;
import java.util.Optional;

/** Recoveries under way. */
public interface RecoveryStore {

    /** Saving a {@link RecoveryAttempt#link() link} ends the account's earlier links in the same transaction. */
    void save(RecoveryAttempt attempt);

    Optional<RecoveryAttempt> find(String idHash);

    /** Counts one more typed code under a row lock; empty when the recovery is gone or has spent {@code max} already. */
    Optional<RecoveryAttempt> spendAttempt(String idHash, int max);

    /** @return false when it was gone or verified already */
    boolean markVerified(String idHash, Instant at);

    /** Ends it (used up by a new password): @return false when another request ended it first */
    boolean delete(String idHash);

    int purge(Instant now);
}
