package dev.passgate.persistence;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import dev.passgate.passkey.CredentialId;
import dev.passgate.passkey.Passkey;
import dev.passgate.passkey.PasskeyLookup;
import dev.passgate.passkey.PasskeyStore;

public class JpaPasskeyStore implements PasskeyStore, PasskeyLookup {
    private final Database db;

    public JpaPasskeyStore(Database db) {
        this.db = db;
    }

    @Override
    public List<Passkey> forUser(String userId) {
        return db.inTransaction(em -> em.createQuery(
                        "select p from PasskeyEntity p where p.userId = :u order by p.createdAt desc, p.credentialId",
                        PasskeyEntity.class)
                .setParameter("u", userId)
                .getResultStream().map(JpaPasskeyStore::toPasskey).toList());
    }

    @Override
    public Optional<Passkey> find(CredentialId id) {
        // A plain read, though the login's assertion records the passkey's use afterwards: locked here, before the
        // signature is checked, anyone naming another account's credential id could queue requests on its row.
        return db.inTransaction(em -> Optional.ofNullable(em.find(PasskeyEntity.class, id.toBase64Url()))
                .map(JpaPasskeyStore::toPasskey));
    }

    @Override
    public void add(Passkey passkey, int limit) {
        storing(passkey, Optional.empty(), () -> db.run(em -> {
            // The account row is the lock that serialises this account's registrations.
            UserEntity account = em.find(UserEntity.class, passkey.userId(), LockModeType.PESSIMISTIC_WRITE);
            String handle = Base64.getEncoder().encodeToString(passkey.userHandle());
            if (account == null || account.passkeyUserHandle != null && !account.passkeyUserHandle.equals(handle)) {
                // Two first registrations raced (one handle wins), or the account was deleted meanwhile.
                throw new HandleConflictException(passkey.userId());
            }
            long held = em.createQuery("select count(p) from PasskeyEntity p where p.userId = :u", Long.class)
                    .setParameter("u", passkey.userId()).getSingleResult();
            if (held >= limit) {
                throw new LimitReachedException(passkey.userId(), limit);
            }
            refuseDuplicate(em, passkey.credentialId());
            em.persist(toEntity(passkey));
            keepHandle(em, passkey);
        }));
    }

    /**
     * The account keeps its user handle when its last passkey goes: a passkey made later carries the same
     * {@code user.id}, so an authenticator overwrites the old one instead of keeping two for one account, and
     * the account pages can still tell authenticators which credentials remain (none).
     */
    private static void keepHandle(EntityManager em, Passkey passkey) {
        em.createQuery("update UserEntity u set u.passkeyUserHandle = :h where u.id = :id and u.passkeyUserHandle is null")
                .setParameter("h", Base64.getEncoder().encodeToString(passkey.userHandle()))
                .setParameter("id", passkey.userId()).executeUpdate();
    }

    @Override
    public void recordUse(CredentialId id, long signCount, boolean backupState, Instant at) {
        db.run(em -> {
            PasskeyEntity p = em.find(PasskeyEntity.class, id.toBase64Url(), LockModeType.PESSIMISTIC_WRITE);
            if (p != null) {
                p.signCount = Math.max(p.signCount, signCount);
                p.backupState = backupState;
                p.lastUsedAt = at;
            }
        });
    }

    @Override
    public boolean delete(CredentialId id) {
        return db.inTransaction(em -> {
            PasskeyEntity p = em.find(PasskeyEntity.class, id.toBase64Url());
            if (p == null) {
                return false;
            }
            em.remove(p);
            return true;
        });
    }

    @Override
    public boolean rename(CredentialId id, String name) {
        return db.inTransaction(em -> em.createQuery("update PasskeyEntity p set p.name = :n where p.credentialId = :id")
                .setParameter("n", name).setParameter("id", id.toBase64Url()).executeUpdate() == 1);
    }

    @Override
    public void replace(CredentialId old, Passkey added) {
        storing(added, Optional.of(old), () -> db.run(em -> {
            PasskeyEntity p = em.find(PasskeyEntity.class, old.toBase64Url(), LockModeType.PESSIMISTIC_WRITE);
            if (p == null || !p.userId.equals(added.userId())) {
                throw new IllegalArgumentException("No passkey " + old + " of account " + added.userId() + " to replace");
            }
            em.remove(p);
            em.flush(); // the old row goes first: the new one may reuse its credential id
            refuseDuplicate(em, added.credentialId());
            em.persist(toEntity(added));
            keepHandle(em, added);
        }));
    }

    @Override
    public int countForUser(String userId) {
        return db.inTransaction(em -> em.createQuery("select count(p) from PasskeyEntity p where p.userId = :u",
                        Long.class)
                .setParameter("u", userId).getSingleResult()).intValue();
    }

    @Override
    public Optional<byte[]> userHandle(String userId) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(UserEntity.class, userId)).map(u -> u.passkeyUserHandle)
                .or(() -> em.createQuery( // an account whose passkeys predate the column and the V11 back-fill
                                "select p.userHandle from PasskeyEntity p where p.userId = :u order by p.createdAt", String.class)
                        .setParameter("u", userId).setMaxResults(1).getResultStream().findFirst())
                .map(Base64.getDecoder()::decode));
    }

    private static void refuseDuplicate(EntityManager em, CredentialId id) {
        if (em.find(PasskeyEntity.class, id.toBase64Url()) != null) {
            throw new DuplicateCredentialException(id, null);
        }
    }

    /**
     * Runs {@code write}. A failure there is a lost race to the primary key when the credential id is taken now
     * (by another row than the one being replaced); anything else (an unknown account) is passed on.
     */
    private void storing(Passkey passkey, Optional<CredentialId> replaced, Runnable write) {
        try {
            write.run();
        } catch (PersistenceException e) {
            CredentialId id = passkey.credentialId();
            if (!replaced.equals(Optional.of(id)) && find(id).isPresent()) {
                throw new DuplicateCredentialException(id, e);
            }
            throw e;
        }
    }

    private static PasskeyEntity toEntity(Passkey k) {
        PasskeyEntity e = new PasskeyEntity();
        e.credentialId = k.credentialId().toBase64Url();
        e.userId = k.userId();
        e.userHandle = Base64.getEncoder().encodeToString(k.userHandle());
        e.attestedCredentialData = Base64.getEncoder().encodeToString(k.attestedCredentialData());
        e.signCount = k.signCount();
        e.transports = k.transports().isEmpty() ? null : String.join(" ", k.transports());
        e.backupEligible = k.backupEligible();
        e.backupState = k.backupState();
        e.uvInitialized = k.uvInitialized();
        e.aaguid = k.aaguid().toString();
        e.name = k.name();
        e.createdAt = k.createdAt();
        e.lastUsedAt = k.lastUsedAt();
        e.createdVia = k.origin().name();
        return e;
    }

    private static Passkey toPasskey(PasskeyEntity e) {
        return new Passkey(CredentialId.fromBase64Url(e.credentialId), e.userId, Base64.getDecoder().decode(e.userHandle),
                Base64.getDecoder().decode(e.attestedCredentialData), e.signCount,
                new HashSet<>(JpaInteractionStore.split(e.transports)), e.backupEligible, e.backupState,
                e.uvInitialized, UUID.fromString(e.aaguid), e.name, e.createdAt, e.lastUsedAt, origin(e.createdVia));
    }

    private static Passkey.Origin origin(String stored) {
        try {
            return stored == null ? Passkey.Origin.UNKNOWN : Passkey.Origin.valueOf(stored);
        } catch (IllegalArgumentException unknown) { // written by a newer version
            return Passkey.Origin.UNKNOWN;
        }
    }
}
