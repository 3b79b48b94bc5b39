package dev.passgate.persistence;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import dev.passgate.protocol.token.Grant;
import dev.passgate.protocol.client.AssertionReplayStore;
import dev.passgate.protocol.token.GrantStore;
import dev.passgate.protocol.token.TokenStore;
import dev.passgate.protocol.token.IssuedAccessToken;
import dev.passgate.protocol.token.IssuedCode;
import dev.passgate.protocol.token.IssuedRefreshToken;

public class JpaGrantStore implements GrantStore, TokenStore, AssertionReplayStore {
    private final Database db;

    public JpaGrantStore(Database db) {
        this.db = db;
    }

    @Override
    public void saveGrantWithCode(Grant grant, IssuedCode code) {
        db.run(em -> {
            em.persist(toEntity(grant));
            em.flush(); // no mapped relationship tells EclipseLink the code row depends on the grant row
            AuthorizationCodeEntity c = new AuthorizationCodeEntity();
            c.codeHash = code.codeHash();
            c.grantId = code.grantId();
            c.clientId = code.clientId();
            c.redirectUri = code.redirectUri();
            c.codeChallenge = code.codeChallenge().orElse(null);
            c.codeChallengeMethod = code.codeChallengeMethod().orElse(null);
            c.nonce = code.nonce().orElse(null);
            c.expiresAt = code.expiresAt();
            em.persist(c);
        });
    }

    /** A grant without a code (tests; client_credentials keep none). */
    public void saveGrant(Grant grant) {
        db.run(em -> em.persist(toEntity(grant)));
    }

    @Override
    public Optional<Grant> findGrant(String grantId) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(GrantEntity.class, grantId)).map(JpaGrantStore::toGrant));
    }

    @Override
    public Optional<IssuedCode> redeemCode(String codeHash, String clientId, Instant now) {
        return db.inTransaction(em -> {
            AuthorizationCodeEntity c = em.find(AuthorizationCodeEntity.class, codeHash, LockModeType.PESSIMISTIC_WRITE);
            if (c == null) {
                return Optional.<IssuedCode>empty();
            }
            IssuedCode before = new IssuedCode(c.codeHash, c.grantId, c.clientId, c.redirectUri,
                    Optional.ofNullable(c.codeChallenge), Optional.ofNullable(c.codeChallengeMethod),
                    Optional.ofNullable(c.nonce), c.expiresAt, Optional.ofNullable(c.usedAt));
            if (c.usedAt == null && c.clientId.equals(clientId)) {
                c.usedAt = now;
            }
            return Optional.of(before);
        });
    }

    @Override
    public Optional<IssuedRefreshToken> redeemRefreshToken(String tokenHash, String clientId, Instant now) {
        return db.inTransaction(em -> {
            RefreshTokenEntity r = em.find(RefreshTokenEntity.class, tokenHash, LockModeType.PESSIMISTIC_WRITE);
            if (r == null) {
                return Optional.<IssuedRefreshToken>empty();
            }
            IssuedRefreshToken before = toRefresh(r);
            if (r.usedAt == null && r.clientId.equals(clientId)) {
                r.usedAt = now;
            }
            return Optional.of(before);
        });
    }

    @Override
    public Optional<IssuedRefreshToken> findRefreshToken(String tokenHash) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(RefreshTokenEntity.class, tokenHash)).map(JpaGrantStore::toRefresh));
    }

    @Override
    public void revokeForUser(String userId, Instant now) {
        // Two statements, whatever the number of grants (an id list could outgrow the driver's bind limit).
        db.run(em -> {
            em.createQuery("update AccessTokenEntity a set a.revokedAt = :now where a.revokedAt is null and a.grantId in"
                    + " (select g.id from GrantEntity g where g.userId = :u)")
                    .setParameter("now", now).setParameter("u", userId).executeUpdate();
            em.createQuery("update GrantEntity g set g.revokedAt = :now where g.userId = :u and g.revokedAt is null")
                    .setParameter("now", now).setParameter("u", userId).executeUpdate();
        });
    }

    @Override
    public Optional<Grant> revokeGrant(String grantId, Instant now) {
        return db.inTransaction(em -> {
            // One statement, so of two requests ending the grant at once only one is told it did.
            boolean ended = em.createQuery("update GrantEntity g set g.revokedAt = :now where g.id = :g and g.revokedAt is null")
                    .setParameter("now", now).setParameter("g", grantId).executeUpdate() == 1;
            em.createQuery("select a from AccessTokenEntity a where a.grantId = :g and a.revokedAt is null",
                            AccessTokenEntity.class)
                    .setParameter("g", grantId).getResultList()
                    .forEach(a -> a.revokedAt = now);
            return ended ? Optional.ofNullable(Database.current(em, GrantEntity.class, grantId)).map(JpaGrantStore::toGrant)
                    : Optional.<Grant>empty();
        });
    }

    @Override
    public void saveTokens(IssuedAccessToken at, Optional<IssuedRefreshToken> rt) {
        db.run(em -> {
            AccessTokenEntity a = new AccessTokenEntity();
            a.jti = at.jti();
            a.grantId = at.grantId().orElse(null);
            a.clientId = at.clientId();
            a.subject = at.subject();
            a.scope = at.scope();
            a.expiresAt = at.expiresAt();
            em.persist(a);
            rt.ifPresent(r -> {
                RefreshTokenEntity e = new RefreshTokenEntity();
                e.tokenHash = r.tokenHash();
                e.grantId = r.grantId();
                e.clientId = r.clientId();
                e.scope = r.scope();
                e.createdAt = r.createdAt();
                e.expiresAt = r.expiresAt();
                em.persist(e);
            });
        });
    }

    @Override
    public Optional<IssuedAccessToken> findAccessToken(String jti) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(AccessTokenEntity.class, jti))
                .map(a -> new IssuedAccessToken(a.jti, Optional.ofNullable(a.grantId), a.clientId, a.subject, a.scope,
                        a.expiresAt, Optional.ofNullable(a.revokedAt))));
    }

    @Override
    public boolean revokeAccessToken(String jti, Instant now) {
        // One statement, so of two revocations at once only one is told it ended the token.
        return db.inTransaction(em -> em.createQuery("update AccessTokenEntity a set a.revokedAt = :now"
                        + " where a.jti = :j and a.revokedAt is null")
                .setParameter("now", now).setParameter("j", jti).executeUpdate() == 1);
    }

    @Override
    public boolean rememberAssertion(String jtiKey, Instant expiresAt) {
        try {
            // Its own commit: a replay meets the unique key, which must not fail the token request's transaction.
            db.inOwnTransaction(em -> {
                ClientAssertionEntity e = new ClientAssertionEntity();
                e.jtiKey = jtiKey;
                e.expiresAt = expiresAt;
                em.persist(e);
                return null;
            });
            return true;
        } catch (PersistenceException e) {
            if (!UniqueViolation.is(e)) {
                throw e; // an outage is not a replay
            }
            return false;
        }
    }

    @Override
    public int purge(Instant now) {
        return db.inTransaction(em -> {
            int n = em.createQuery("delete from ClientAssertionEntity c where c.expiresAt < :now")
                    .setParameter("now", now).executeUpdate();
            n += em.createQuery("delete from AccessTokenEntity a where a.expiresAt < :now")
                    .setParameter("now", now).executeUpdate();
            n += em.createQuery("delete from RefreshTokenEntity r where r.expiresAt < :now")
                    .setParameter("now", now).executeUpdate();
            n += em.createQuery("delete from AuthorizationCodeEntity c where c.expiresAt < :now")
                    .setParameter("now", now).executeUpdate();
            // A grant outlives its tokens' records only while one of them could still be presented.
            n += em.createQuery("delete from GrantEntity g where g.expiresAt < :now")
                    .setParameter("now", now).executeUpdate();
            return n;
        });
    }

    private static GrantEntity toEntity(Grant grant) {
        GrantEntity g = new GrantEntity();
        g.id = grant.id();
        g.clientId = grant.clientId();
        g.userId = grant.userId().orElse(null);
        g.scope = grant.scope();
        g.sid = grant.sid().orElse(null);
        g.authTime = grant.authTime();
        g.amr = String.join(" ", grant.amr());
        g.acr = grant.acr();
        g.createdAt = grant.createdAt();
        g.expiresAt = grant.expiresAt();
        return g;
    }

    private static Grant toGrant(GrantEntity g) {
        return new Grant(g.id, g.clientId, Optional.ofNullable(g.userId), g.scope, Optional.ofNullable(g.sid), g.authTime,
                JpaInteractionStore.split(g.amr), g.acr, g.createdAt, g.expiresAt, Optional.ofNullable(g.revokedAt));
    }

    private static IssuedRefreshToken toRefresh(RefreshTokenEntity r) {
        return new IssuedRefreshToken(r.tokenHash, r.grantId, r.clientId, r.scope, r.createdAt, r.expiresAt,
                Optional.ofNullable(r.usedAt));
    }
}
