package dev.passgate.protocol.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The provider's signing keys: RS256 (required by OIDC Core §15.1) and ES256. Keys live in the
 * database so every node signs with the same keys and a rotation on one node reaches the others;
 * each node keeps a snapshot and re-reads it at most every {@link #REFRESH}, so the hot path never
 * touches the database or re-parses keys.
 */
public final class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
    static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final SigningKeyStore store;
    private final Duration retiredKeyLife;
    private final Clock clock;
    private final JwsSigners jws;
    private volatile Snapshot snapshot;

    /** @param signers the active keys' signers, by kid: made when a key is first read, kept while it stays active */
    private record Snapshot(List<SigningKey> keys, JWKSet publicSet, Instant readAt, Map<String, JWSSigner> signers) {
    }

    /**
     * @param retiredKeyLife how long a retired key stays published: at least the life of the longest
     *                       token it may have signed
     */
    public SigningKeys(SigningKeyStore store, Duration retiredKeyLife, Clock clock) {
        this(store, retiredKeyLife, clock, JwsSigners.jdk());
    }

    /** @param jws makes each key's signer: the native provider's where it loaded, else the JDK's */
    public SigningKeys(SigningKeyStore store, Duration retiredKeyLife, Clock clock, JwsSigners jws) {
        this.store = store;
        this.retiredKeyLife = retiredKeyLife;
        this.clock = clock;
        this.jws = jws;
    }

    /** At start-up: make sure each algorithm has an active key. */
    public void ensureActiveKeys() {
        List<SigningKey> keys = store.all();
        for (JWSAlgorithm alg : ALGORITHMS) {
            if (keys.stream().noneMatch(k -> k.isActive() && k.alg().equals(alg))) {
                store.add(generate(alg));
                LOG.info(() -> "Generated a new " + alg + " signing key");
            }
        }
        reload(); // which makes (and proves) the active keys' signers now, not on the first token
    }

    /** Starts signing with new keys; the old ones stay in the JWKS until their tokens have expired. */
    public List<String> rotate() {
        Instant now = clock.instant();
        for (JWSAlgorithm alg : ALGORITHMS) {
            store.retireActive(alg.getName(), now, now.plus(retiredKeyLife).plus(Duration.ofMinutes(5)));
            store.add(generate(alg));
        }
        store.purge(now);
        return reload().keys().stream().filter(SigningKey::isActive).map(SigningKey::kid).toList();
    }

    /**
     * The newest active key for {@code alg}. A snapshot read while another node rotated (between its retiring the old
     * key and adding the new one) may hold none: read again once before giving up.
     */
    public SigningKey current(JWSAlgorithm alg) {
        return active(fresh(), alg).or(() -> active(reload(), alg))
                .orElseThrow(() -> new IllegalStateException("no active " + alg + " signing key"));
    }

    private static Optional<SigningKey> active(Snapshot s, JWSAlgorithm alg) {
        return s.keys().stream().filter(k -> k.isActive() && k.alg().equals(alg)).findFirst();
    }

    /** The key's signer from the snapshot; a key retired since {@link #current} was read gets one made for this token only. */
    public JWSSigner signer(SigningKey key) {
        JWSSigner signer = fresh().signers().get(key.kid());
        return signer != null ? signer : make(key);
    }

    private JWSSigner make(SigningKey key) {
        try {
            return jws.signer(key.jwk(), key.alg());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing key " + key.kid() + " is unusable", e);
        }
    }

    /** The public keys to publish and to verify our own tokens with. */
    public JWKSet publicKeys() {
        return fresh().publicSet();
    }

    /** Re-reads when a token names a key this node has not seen yet (rotated on another node). */
    public JWKSet publicKeysIncluding(String kid) {
        JWKSet set = publicKeys();
        if (kid != null && set.getKeyByKeyId(kid) == null) {
            set = reload().publicSet();
        }
        return set;
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        if (s == null || s.readAt().plus(REFRESH).isBefore(clock.instant())) {
            s = reload();
        }
        return s;
    }

    private synchronized Snapshot reload() {
        Instant now = clock.instant();
        List<SigningKey> keys = store.all().stream().filter(k -> k.isPublishedAt(now)).toList();
        JWKSet publicSet = new JWKSet(keys.stream().map(k -> k.jwk().toPublicJWK()).toList());
        // Only active keys sign: a retired key's signer (and the native copy of its private key) is not carried over.
        Map<String, JWSSigner> before = snapshot == null ? Map.of() : snapshot.signers();
        Map<String, JWSSigner> signers = new HashMap<>();
        for (SigningKey k : keys) {
            if (k.isActive()) {
                try {
                    signers.put(k.kid(), before.containsKey(k.kid()) ? before.get(k.kid()) : make(k));
                } catch (IllegalStateException unusable) { // the JWKS still publishes it; signing with it says why
                    LOG.log(Level.SEVERE, "Signing key " + k.kid() + " cannot sign", unusable);
                }
            }
        }
        snapshot = new Snapshot(keys, publicSet, now, Map.copyOf(signers));
        return snapshot;
    }

    private SigningKey generate(JWSAlgorithm alg) {
        String kid = UUID.randomUUID().toString();
        try {
            JWK jwk = JWSAlgorithm.RS256.equals(alg)
                    ? new RSAKeyGenerator(2048).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate()
                    : new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(alg).keyUse(KeyUse.SIGNATURE).generate();
            return new SigningKey(kid, alg, jwk, clock.instant(), null, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key", e);
        }
    }
}
