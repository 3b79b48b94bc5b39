package dev.passgate.persistence;

import java.util.List;
import java.util.UUID;

import dev.passgate.otp.Channel;
import dev.passgate.otp.DevOutboxStore;
import dev.passgate.otp.OutboxMessage;

public class JpaDevOutboxStore implements DevOutboxStore {
    private final Database db;

    public JpaDevOutboxStore(Database db) {
        this.db = db;
    }

    @Override
    public void add(OutboxMessage message, int keep) {
        db.run(em -> {
            DevOutboxEntity e = new DevOutboxEntity();
            e.id = UUID.randomUUID().toString();
            e.sentAt = message.sentAt();
            e.channel = message.channel().name();
            e.destination = message.destination();
            e.message = message.message();
            em.persist(e);
            em.flush();
            List<String> older = em.createQuery("select m.id from DevOutboxEntity m order by m.sentAt desc, m.id desc",
                            String.class)
                    .setFirstResult(keep).getResultList();
            if (!older.isEmpty()) {
                em.createQuery("delete from DevOutboxEntity m where m.id in :ids")
                        .setParameter("ids", older).executeUpdate();
            }
        });
    }

    @Override
    public List<OutboxMessage> recent(int limit) {
        return db.inTransaction(em -> em.createQuery("select m from DevOutboxEntity m order by m.sentAt desc, m.id desc",
                        DevOutboxEntity.class)
                .setMaxResults(limit).getResultList().stream()
                .map(m -> new OutboxMessage(m.sentAt, Channel.valueOf(m.channel), m.destination, m.message))
                .toList());
    }
}
