package dev.passgate.protocol.keys;

import java.time.Instant;
import java.util.List;

/** Persisted signing keys; private parts are encrypted at rest by the implementation. */
public interface SigningKeyStore {

    /** Every key not yet removed, newest first. */
    List<SigningKey> all();

    void add(SigningKey key);

    /** Marks every active key of the given algorithm retired, to be removed from the JWKS after {@code removeAfter}. */
    void retireActive(String alg, Instant now, Instant removeAfter);

    /** Deletes keys whose {@code removeAfter} has passed. */
    int purge(Instant now);
}
