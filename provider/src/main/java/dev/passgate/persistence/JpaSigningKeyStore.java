package dev.passgate.persistence;

import java.text.ParseException;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;

import dev.passgate.protocol.keys.SigningKey;
import dev.passgate.protocol.keys.SigningKeyStore;
import dev.passgate.security.KeyVault;

public class JpaSigningKeyStore implements SigningKeyStore {
    private final Database db;
    private final KeyVault vault;

    public JpaSigningKeyStore(Database db, KeyVault vault) {
        this.db = db;
        this.vault = vault;
    }

    /**
     * In the request's transaction when there is one, never a second connection: a node re-reads its keys while
     * serving a token, and with every connection held by a request that waits for a second one, none would come (seen
     * with 64 logins on a pool of 16: every request stuck until the pool's timeout, again and again). A row that does
     * not decrypt fails the read (at start-up, start-up; later, SigningKeys keeps serving the keys it read before).
     */
    @Override
    public List<SigningKey> all() {
        List<SigningKeyEntity> rows = db.inTransaction(em -> em.createQuery(
                "select k from SigningKeyEntity k order by k.createdAt desc", SigningKeyEntity.class).getResultList());
        return rows.stream().map(this::toKey).toList(); // decrypted outside: a row that fails must not fail the request
    }

    @Override
    public void add(SigningKey key) {
        db.run(em -> em.persist(toEntity(key)));
    }

    @Override
    public void replaceActive(SigningKey next, Instant removeAfter) {
        db.run(em -> {
            em.createQuery("select k from SigningKeyEntity k where k.alg = :alg and k.retiredAt is null",
                            SigningKeyEntity.class)
                    .setParameter("alg", next.alg().getName())
                    .getResultList()
                    .forEach(k -> {
                        k.retiredAt = next.createdAt();
                        k.removeAfter = removeAfter;
                    });
            em.persist(toEntity(next));
        });
    }

    private SigningKeyEntity toEntity(SigningKey key) {
        SigningKeyEntity e = new SigningKeyEntity();
        e.kid = key.kid();
        e.alg = key.alg().getName();
        e.publicJwk = key.jwk().toPublicJWK().toJSONString();
        e.privateJwk = vault.encrypt(key.jwk().toJSONString(), key.kid());
        e.createdAt = key.createdAt();
        return e;
    }

    @Override
    public int purge(Instant now) {
        return db.inTransaction(em -> em.createQuery("delete from SigningKeyEntity k where k.removeAfter < :now")
                .setParameter("now", now).executeUpdate());
    }

    private SigningKey toKey(SigningKeyEntity e) {
        try {
            JWK jwk = JWK.parse(vault.decrypt(e.privateJwk, e.kid));
            return new SigningKey(e.kid, JWSAlgorithm.parse(e.alg), jwk, e.createdAt, e.retiredAt, e.removeAfter);
        } catch (ParseException ex) {
            throw new IllegalStateException("stored signing key " + e.kid + " is not a JWK", ex);
        }
    }
}
