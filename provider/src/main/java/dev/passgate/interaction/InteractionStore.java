package dev.passgate.interaction;

import java.time.Instant;
import java.util.Optional;

/** Paused authorization requests. Keys are SHA-256 hashes of the ids browsers hold. */
public interface InteractionStore {

    void save(Interaction interaction);

    Optional<Interaction> find(String idHash);

    /** @return false when the interaction no longer exists */
    boolean complete(String idHash, LoginResult result);

    /** @return false when it was already gone: another request consumed it first */
    boolean delete(String idHash);

    int purge(Instant now);
}
