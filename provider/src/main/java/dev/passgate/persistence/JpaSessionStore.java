package dev.passgate.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import dev.passgate.protocol.session.SessionIndex;
import dev.passgate.protocol.session.SessionStore;
import dev.passgate.protocol.session.SsoSession;

public class JpaSessionStore implements SessionStore, SessionIndex {
    private final Database db;

    public JpaSessionStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(SsoSession s) {
        db.run(em -> em.persist(entity(s)));
    }

    @Override
    public boolean rotate(String oldIdHash, SsoSession renewed) {
        return db.inTransaction(em -> {
            SessionEntity old = em.find(SessionEntity.class, oldIdHash, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (old == null || !old.sid.equals(renewed.sid())) {
                return false;
            }
            em.remove(old);
            em.flush(); // the sid is unique: the old row goes before the new one comes
            em.persist(entity(renewed));
            return true;
        });
    }

    @Override
    public List<String> sidsOf(String userId) {
        return db.inTransaction(em -> em.createQuery("select s.sid from SessionEntity s where s.userId = :u", String.class)
                .setParameter("u", userId).getResultList());
    }

    @Override
    public List<SsoSession> sessionsOf(String userId) {
        return db.inTransaction(em -> em.createQuery("select s from SessionEntity s where s.userId = :u"
                        + " order by s.authTime desc, s.sid", SessionEntity.class)
                .setParameter("u", userId).setMaxResults(200).getResultStream().map(JpaSessionStore::toSession).toList());
    }

    private static SessionEntity entity(SsoSession s) {
        SessionEntity e = new SessionEntity();
        e.idHash = s.idHash();
        e.sid = s.sid();
        e.userId = s.userId();
        e.authTime = s.authTime();
        e.amr = String.join(" ", s.amr());
        e.acr = s.acr();
        e.createdAt = Instant.now();
        e.expiresAt = s.expiresAt();
        e.browser = s.browser().isEmpty() ? null : cut(s.browser(), 100);
        e.network = s.network().isEmpty() ? null : cut(s.network(), 64);
        return e;
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    @Override
    public Optional<SsoSession> findBySid(String sid) {
        return db.inTransaction(em -> em.createQuery("select s from SessionEntity s where s.sid = :sid", SessionEntity.class)
                .setParameter("sid", sid).getResultStream().findFirst().map(JpaSessionStore::toSession));
    }

    @Override
    public Optional<SsoSession> findByIdHash(String idHash) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(SessionEntity.class, idHash)).map(JpaSessionStore::toSession));
    }

    @Override
    public void addClient(String sid, String clientId) {
        db.run(em -> {
            SessionClientEntity.Key key = new SessionClientEntity.Key();
            key.sid = sid;
            key.clientId = clientId;
            if (em.find(SessionClientEntity.class, key) == null) {
                SessionClientEntity e = new SessionClientEntity();
                e.sid = sid;
                e.clientId = clientId;
                em.persist(e);
            }
        });
    }

    @Override
    public List<String> delete(String sid) {
        return db.inTransaction(em -> {
            List<String> clients = clientsOf(em, sid);
            em.createQuery("delete from SessionClientEntity c where c.sid = :sid").setParameter("sid", sid).executeUpdate();
            em.createQuery("delete from SessionEntity s where s.sid = :sid").setParameter("sid", sid).executeUpdate();
            return clients;
        });
    }

    @Override
    public int purge(Instant now) {
        return db.inTransaction(em -> {
            List<String> sids = em.createQuery("select s.sid from SessionEntity s where s.expiresAt < :now", String.class)
                    .setParameter("now", now).getResultList();
            for (String sid : sids) {
                em.createQuery("delete from SessionClientEntity c where c.sid = :sid").setParameter("sid", sid).executeUpdate();
            }
            return em.createQuery("delete from SessionEntity s where s.expiresAt < :now")
                    .setParameter("now", now).executeUpdate();
        });
    }

    private static List<String> clientsOf(EntityManager em, String sid) {
        return em.createQuery("select c.clientId from SessionClientEntity c where c.sid = :sid order by c.clientId", String.class)
                .setParameter("sid", sid).getResultList();
    }

    private static SsoSession toSession(SessionEntity e) {
        return new SsoSession(e.idHash, e.sid, e.userId, e.authTime, JpaInteractionStore.split(e.amr), e.acr, e.expiresAt,
                e.browser, e.network);
    }
}
