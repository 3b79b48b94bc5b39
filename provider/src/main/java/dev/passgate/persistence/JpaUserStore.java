package dev.passgate.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import dev.passgate.user.User;
import dev.passgate.user.UserListing;
import dev.passgate.user.UserStore;

public class JpaUserStore implements UserStore, UserListing {
    private final Database db;

    public JpaUserStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<User> findById(String id) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(UserEntity.class, id)).map(JpaUserStore::toUser));
    }

    @Override
    public Optional<User> findByIdentifier(String identifier) {
        String key = key(identifier);
        return db.inTransaction(em -> em.createQuery(
                        "select u from UserEntity u where u.usernameKey = :k or u.emailKey = :k order by u.createdAt",
                        UserEntity.class)
                .setParameter("k", key)
                .setMaxResults(1)
                .getResultStream().findFirst().map(JpaUserStore::toUser));
    }

    @Override
    public List<User> list(int offset, int limit) {
        return db.inTransaction(em -> em.createQuery("select u from UserEntity u order by u.usernameKey", UserEntity.class)
                .setFirstResult(offset).setMaxResults(limit)
                .getResultStream().map(JpaUserStore::toUser).toList());
    }

    @Override
    public List<User> search(String text, int limit) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return List.of();
        }
        String prefix = key(t).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return db.inTransaction(em -> em.createQuery("select u from UserEntity u where u.id = :exact or u.phone = :phone"
                        + " or u.usernameKey like :prefix escape '\\' or u.emailKey like :prefix escape '\\'"
                        + " order by u.usernameKey", UserEntity.class)
                .setParameter("exact", t).setParameter("phone", t.replaceAll("[\\s().-]", "")).setParameter("prefix", prefix).setMaxResults(limit)
                .getResultStream().map(JpaUserStore::toUser).toList());
    }

    @Override
    public long count() {
        return db.inTransaction(em -> em.createQuery("select count(u) from UserEntity u", Long.class).getSingleResult());
    }

    @Override
    public User create(User user) {
        try {
            return db.inTransaction(em -> {
                refuseDuplicates(em, user);
                UserEntity e = new UserEntity();
                copy(user, e);
                e.createdAt = user.createdAt();
                em.persist(e);
                return toUser(e);
            });
        } catch (PersistenceException e) { // lost a race to the unique index, or something else that must travel on
            if (!UniqueViolation.is(e)) {
                throw e;
            }
            throw new DuplicateUserException("An account with this username or email already exists.");
        }
    }

    @Override
    public Optional<User> update(String id, UnaryOperator<User> change) {
        try {
            return updateOnce(id, change);
        } catch (PersistenceException e) {
            if (!optimisticLock(e)) {
                throw e;
            }
            // Another request wrote the account between our read and write: apply the change once more to the
            // account as it is now (a change is a function of the current state, so its conditions are judged again).
            return updateOnce(id, change);
        }
    }

    private static boolean optimisticLock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.eclipse.persistence.exceptions.OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    private Optional<User> updateOnce(String id, UnaryOperator<User> change) {
        try {
            return db.inTransaction(em -> {
                UserEntity e = Database.current(em, UserEntity.class, id);
                if (e == null) {
                    return Optional.<User>empty();
                }
                User changed = change.apply(toUser(e));
                refuseDuplicates(em, changed);
                copy(changed, e);
                e.updatedAt = Instant.now();
                return Optional.of(toUser(e));
            });
        } catch (PersistenceException e) {
            if (!UniqueViolation.is(e)) {
                throw e;
            }
            throw new DuplicateUserException("An account with this username or email already exists.");
        }
    }

    @Override
    public boolean delete(String id) {
        return db.inTransaction(em -> {
            UserEntity e = em.find(UserEntity.class, id);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    private static void refuseDuplicates(EntityManager em, User user) {
        List<UserEntity> clashes = em.createQuery("select u from UserEntity u where u.id <> :id and "
                        + "(u.usernameKey = :name or u.emailKey = :name or u.usernameKey = :email or u.emailKey = :email)",
                        UserEntity.class)
                .setParameter("id", user.id())
                .setParameter("name", key(user.username()))
                .setParameter("email", user.email() == null ? "" : key(user.email())) // no key is empty (PostgreSQL refuses NUL)
                .getResultList();
        if (!clashes.isEmpty()) {
            throw new DuplicateUserException("An account with this username or email already exists.");
        }
    }

    static String key(String identifier) {
        return identifier.trim().toLowerCase(Locale.ROOT);
    }

    private static void copy(User u, UserEntity e) {
        e.id = u.id();
        e.username = u.username();
        e.usernameKey = key(u.username());
        e.email = u.email();
        e.emailKey = u.email() == null ? null : key(u.email());
        e.emailVerified = u.emailVerified();
        e.phone = u.phone();
        e.phoneVerified = u.phoneVerified();
        e.givenName = u.givenName();
        e.familyName = u.familyName();
        e.displayName = u.displayName();
        e.passwordHash = u.passwordHash();
        e.active = u.active();
        e.passwordChangeRequired = u.passwordChangeRequired();
        e.roles = u.roles().isEmpty() ? null : String.join(" ", u.roles());
        e.updatedAt = u.updatedAt();
    }

    private static User toUser(UserEntity e) {
        return new User(e.id, e.username, e.email, e.emailVerified, e.phone, e.phoneVerified, e.givenName, e.familyName,
                e.displayName, e.passwordHash, e.active, e.passwordChangeRequired, JpaInteractionStore.split(e.roles), e.createdAt, e.updatedAt);
    }
}
