package dev.passgate.persistence;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.passgate.interaction.Interaction;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.interaction.LoginResult;

public class JpaInteractionStore implements InteractionStore {
    private final Database db;

    public JpaInteractionStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(Interaction i) {
        InteractionEntity e = new InteractionEntity();
        e.idHash = i.idHash();
        e.browserBinding = i.browserBindingHash();
        e.clientId = i.clientId();
        e.requestParams = URLUtils.serializeParameters(i.requestParams());
        e.createdAt = i.createdAt();
        e.expiresAt = i.expiresAt();
        db.run(em -> em.persist(e));
    }

    @Override
    public Optional<Interaction> find(String idHash) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(InteractionEntity.class, idHash)).map(e -> {
            Optional<LoginResult> result = e.userId == null ? Optional.empty()
                    : Optional.of(new LoginResult(e.userId, e.authTime, split(e.amr), e.acr));
            return new Interaction(e.idHash, e.browserBinding, e.clientId, URLUtils.parseParameters(e.requestParams), e.createdAt,
                    e.expiresAt, result);
        }));
    }

    @Override
    public boolean complete(String idHash, LoginResult result) {
        return db.inTransaction(em -> {
            InteractionEntity e = Database.current(em, InteractionEntity.class, idHash);
            if (e == null) {
                return false;
            }
            e.userId = result.userId();
            e.authTime = result.authTime();
            e.amr = String.join(" ", result.amr());
            e.acr = result.acr();
            return true;
        });
    }

    @Override
    public boolean delete(String idHash) {
        return db.inTransaction(em -> em.createQuery("delete from InteractionEntity i where i.idHash = :h")
                .setParameter("h", idHash).executeUpdate()) == 1;
    }

    @Override
    public int purge(Instant now) {
        return db.inTransaction(em -> em.createQuery("delete from InteractionEntity i where i.expiresAt < :now")
                .setParameter("now", now).executeUpdate());
    }

    static List<String> split(String spaced) {
        return spaced == null || spaced.isBlank() ? List.of() : Arrays.asList(spaced.trim().split(" +"));
    }
}
