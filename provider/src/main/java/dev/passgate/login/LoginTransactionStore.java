package dev.passgate.login;

import java.time.Instant;
import java.util.Optional;

/** Login transactions. No method returns null. */
public interface LoginTransactionStore {

    Optional<LoginTransaction> find(String idHash);

    /**
     * Inserts a new transaction; does nothing when it exists (a racing first request inserted it first: the
     * first requests of one login wait for each other here, so neither fails).
     */
    void create(LoginTransaction transaction);

    /**
     * Writes a changed transaction if nobody changed it since it was read (optimistic locking on
     * {@code version}).
     *
     * @return false when another request got there first: the caller re-reads and shows the current step
     */
    boolean update(LoginTransaction transaction);

    /**
     * Ends every login of the account that is under way or finished but not yet handed back to
     * its application (its paused authorization request goes too): what a new password or a
     * deactivation means for a login that had already passed the old password.
     *
     * @param keep the login (id hash) that goes on, if any: the one setting the new password
     * @return how many logins ended
     */
    int endForUser(String userId, Optional<String> keep);

    default int endForUser(String userId) {
        return endForUser(userId, Optional.empty());
    }

    int purge(Instant now);
}
