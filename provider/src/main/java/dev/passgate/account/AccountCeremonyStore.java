package dev.passgate.account;

import java.time.Instant;
import java.util.Optional;

/** Pending account-page ceremonies, one per session. */
public interface AccountCeremonyStore {

    /** Stores it, replacing the session's earlier one (a second "Add a passkey" click). */
    void save(AccountCeremony ceremony);

    /** Removes and returns the session's ceremony: a challenge is answered once, whatever the outcome. */
    Optional<AccountCeremony> take(String sid);

    int purge(Instant now);
}
