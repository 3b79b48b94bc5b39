package dev.passgate.protocol.keys;

import java.time.Instant;
import java.util.Objects;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;

/**
 * A signing key pair. Active while {@code retiredAt} is null; once retired it signs nothing but
 * stays published in the JWKS until {@code removeAfter}, so tokens it signed still verify.
 */
public record SigningKey(String kid, JWSAlgorithm alg, JWK jwk, Instant createdAt, Instant retiredAt, Instant removeAfter) {
    public SigningKey {
        Objects.requireNonNull(kid);
        Objects.requireNonNull(alg);
        Objects.requireNonNull(jwk);
        if (!jwk.isPrivate()) {
            throw new IllegalArgumentException("a signing key needs its private part");
        }
    }

    public boolean isActive() {
        return retiredAt == null;
    }

    public boolean isPublishedAt(Instant now) {
        return removeAfter == null || now.isBefore(removeAfter);
    }

    /** Never the private JWK: a record's own toString would print it into any log line that names the key. */
    @Override
    public String toString() {
        return "SigningKey[" + kid + ", " + alg + (isActive() ? ", active" : ", retired " + retiredAt) + "]";
    }
}
