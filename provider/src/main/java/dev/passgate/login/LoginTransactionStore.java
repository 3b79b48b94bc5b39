package dev.passgate.login;

import java.time.Instant;
import java.util.Optional;

/** Login transactions. No method returns null. */
public interface LoginTransactionStore {

    Optional<LoginTransaction> find(String idHash);

    /** Inserts a new transaction; does nothing when a racing request inserted it first. */
    void create(LoginTransaction transaction);

    /**
     * Writes a changed transaction if nobody changed it since it was read (optimistic locking on
     * {@code version}).
     *
     * @return false when another request got there first: the caller re-reads and shows the current step
     */
    boolean update(LoginTransaction transaction);

    int purge(Instant now);
}
