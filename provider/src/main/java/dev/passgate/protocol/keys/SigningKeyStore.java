package dev.passgate.protocol.keys;

import java.time.Instant;
import java.util.List;

/** Persisted signing keys; private parts are encrypted at rest by the implementation. */
public interface SigningKeyStore {

    /** Every key not yet removed, newest first. */
    List<SigningKey> all();

    void add(SigningKey key);

    /**
     * In one transaction: retires every active key of {@code next}'s algorithm (kept in the JWKS until
     * {@code removeAfter}) and adds {@code next}, so no reader ever sees the algorithm without an active key.
     */
    void replaceActive(SigningKey next, Instant removeAfter);

    /** Deletes keys whose {@code removeAfter} has passed. */
    int purge(Instant now);
}
