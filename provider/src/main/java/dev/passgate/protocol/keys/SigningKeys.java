package dev.passgate.protocol.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
    /**
     * The least time between two reloads forced by a request (a token naming a key this node has not seen): anyone can
     * send a made-up {@code kid}, and each reload reads and decrypts every key. A key rotated on another node is
     * still seen at once, unless this node re-read within the last second, before that rotation.
     */
    static final Duration FORCED_RELOAD_GAP = Duration.ofSeconds(1);

    private final SigningKeyStore store;
    private final Duration retiredKeyLife;
    private final Clock clock;
    private final JwsSigners jws;
    /** Keys whose signer could not be made, logged once each rather than at every reload. */
    private final Set<String> reportedUnusable = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot;
    /** When a request last made this node re-read its keys (whether or not the read succeeded). */
    private volatile Instant lastAttempt;

    /** An active key with its signer, both from one snapshot: a key retired by that snapshot's successor signs nothing new. */
    public record Active(SigningKey key, JWSSigner signer) {
    }

    /** @param signers the active keys' signers, by kid: made when a key is first read, kept while it stays active */
    private record Snapshot(List<SigningKey> keys, JWKSet publicSet, Instant readAt, Map<String, JWSSigner> signers) {
        Optional<Active> active(JWSAlgorithm alg) {
            return keys.stream().filter(k -> k.isActive() && k.alg().equals(alg) && signers.containsKey(k.kid()))
                    .findFirst().map(k -> new Active(k, signers.get(k.kid())));
        }
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
            store.replaceActive(generate(alg), now.plus(retiredKeyLife).plus(Duration.ofMinutes(5)));
        }
        store.purge(now);
        return reload().keys().stream().filter(SigningKey::isActive).map(SigningKey::kid).toList();
    }

    /**
     * The newest active key for {@code alg} that can sign, with its signer. Where this node's snapshot has none (its
     * only key's signer could not be made, or a store changed by hand), it reads again, at most once per
     * {@link #FORCED_RELOAD_GAP}, before giving up.
     */
    public Active current(JWSAlgorithm alg) {
        return fresh().active(alg).or(() -> forcedReload().active(alg))
                .orElseThrow(() -> new IllegalStateException("no usable active " + alg + " signing key (the log says why)"));
    }

    /** The public keys to publish and to verify our own tokens with. */
    public JWKSet publicKeys() {
        return fresh().publicSet();
    }

    /** Re-reads when a token names a key this node has not seen yet (rotated on another node). */
    public JWKSet publicKeysIncluding(String kid) {
        JWKSet set = publicKeys();
        if (kid != null && set.getKeyByKeyId(kid) == null) {
            set = forcedReload().publicSet();
        }
        return set;
    }

    /** The snapshot, re-read when older than {@link #REFRESH}; until a re-read succeeds, the last good one serves. */
    private Snapshot fresh() {
        Snapshot s = snapshot;
        if (s == null) {
            return reload(); // start-up: nothing to serve yet, so a failure is the caller's
        }
        return s.readAt().plus(REFRESH).isBefore(clock.instant()) ? tryReload(REFRESH) : s;
    }

    /** A reload asked for by a request: at most one per {@link #FORCED_RELOAD_GAP}, whoever asks. */
    private Snapshot forcedReload() {
        Instant last = lastAttempt;
        return last != null && last.plus(FORCED_RELOAD_GAP).isAfter(clock.instant()) ? snapshot : tryReload(FORCED_RELOAD_GAP);
    }

    /**
     * Reads again unless another thread read within {@code olderThan} (callers arriving together share one read), and
     * not more than once per {@link #FORCED_RELOAD_GAP} when the database fails: the last good snapshot serves meanwhile.
     */
    private synchronized Snapshot tryReload(Duration olderThan) {
        Instant now = clock.instant();
        Snapshot s = snapshot;
        Instant last = lastAttempt;
        if (s.readAt().plus(olderThan).isAfter(now) || (last != null && last.plus(FORCED_RELOAD_GAP).isAfter(now))) {
            return s;
        }
        try {
            return reload();
        } catch (RuntimeException unreadable) {
            LOG.log(Level.WARNING, "Signing keys could not be re-read; the ones read at " + s.readAt() + " still serve", unreadable);
            return s;
        } finally {
            lastAttempt = clock.instant(); // after the attempt: a read that failed slowly is not tried again at once
        }
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
                JWSSigner signer = before.containsKey(k.kid()) ? before.get(k.kid()) : make(k);
                if (signer != null) {
                    signers.put(k.kid(), signer);
                }
            }
        }
        snapshot = new Snapshot(keys, publicSet, now, Map.copyOf(signers));
        return snapshot;
    }

    /** The key's signer, or null where it cannot be made: the JWKS still publishes the key, and the log says why once. */
    private JWSSigner make(SigningKey key) {
        try {
            return jws.signer(key.jwk(), key.alg());
        } catch (JOSEException | RuntimeException unusable) {
            if (reportedUnusable.add(key.kid())) {
                LOG.log(Level.SEVERE, "Signing key " + key.kid() + " (" + key.alg() + ") cannot sign; rotate the keys", unusable);
            }
            return null;
        }
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
