package dev.passgate.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.LoginTransactionStore;
import dev.passgate.login.OfferRecord;
import dev.passgate.login.PasswordThrottle;
import dev.passgate.login.intelligence.ClientCapabilities;

/** The login's small ports on JPA: transactions, audit trail, password throttle, offer record. */
public final class JpaLoginStores {
    private JpaLoginStores() {
    }

    public static LoginTransactionStore transactions(Database db) {
        return new LoginTransactionStore() {
            @Override
            public Optional<LoginTransaction> find(String idHash) {
                return db.inTransaction(em -> Optional.ofNullable(db.findToChange(em, LoginTransactionEntity.class, idHash))
                        .map(JpaLoginStores::toTransaction));
            }

            @Override
            public void create(LoginTransaction t) {
                LoginTransactionEntity e = new LoginTransactionEntity();
                e.idHash = t.idHash();
                e.createdAt = t.createdAt();
                e.expiresAt = t.expiresAt();
                copy(t, e);
                e.version = 0;
                try {
                    db.run(em -> {
                        // Two first requests of one login (autofill's options call and the form) queue on the paused
                        // request's row, so the second sees the first's insert instead of failing its whole commit.
                        em.find(InteractionEntity.class, e.idHash, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                        if (em.find(LoginTransactionEntity.class, e.idHash) == null) {
                            em.persist(e);
                        }
                    });
                } catch (jakarta.persistence.PersistenceException raced) {
                    // outside a request's unit, a race the lock did not cover: the other created it, the caller reads that one
                }
            }

            @Override
            public boolean update(LoginTransaction t) {
                return db.inTransaction(em -> {
                    LoginTransactionEntity e = em.find(LoginTransactionEntity.class, t.idHash(),
                            jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                    if (e == null || e.version != t.version()) {
                        return false;
                    }
                    copy(t, e);
                    e.version = t.version() + 1;
                    return true;
                });
            }

            @Override
            public int endForUser(String userId, Optional<String> keep) {
                String kept = keep.orElse("");
                return db.inTransaction(em -> {
                    // A login and its paused request share the id hash; a finished one names its user in the request.
                    em.createQuery("delete from InteractionEntity i where i.idHash <> :keep and (i.userId = :u or i.idHash in"
                            + " (select t.idHash from LoginTransactionEntity t where t.userId = :u))")
                            .setParameter("u", userId).setParameter("keep", kept).executeUpdate();
                    return em.createQuery("delete from LoginTransactionEntity t where t.userId = :u and t.idHash <> :keep")
                            .setParameter("u", userId).setParameter("keep", kept).executeUpdate();
                });
            }

            @Override
            public int purge(Instant now) {
                return db.inTransaction(em -> em.createQuery("delete from LoginTransactionEntity t where t.expiresAt < :now")
                        .setParameter("now", now).executeUpdate());
            }
        };
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static final java.util.regex.Pattern ELAPSED = java.util.regex.Pattern.compile("(?:^| )elapsedMs=([0-9]{1,9})(?: |$)");

    /** The {@code elapsedMs=} a detail carries, for the reports' percentiles; null when none. */
    static Integer elapsed(String detail) {
        java.util.regex.Matcher m = detail == null ? null : ELAPSED.matcher(detail);
        return m != null && m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    public static AuditLog audit(Database db) {
        return new AuditLog() {
            @Override
            public void record(AuditEvent event) {
                AuditEventEntity e = new AuditEventEntity();
                e.id = dev.passgate.security.Secrets.timeOrderedId();
                e.occurredAt = event.at();
                // Outcomes and details carry what a browser reported: bounded here, for every caller, to the columns.
                e.eventType = cut(event.type(), 64);
                e.userId = event.userId().orElse(null);
                e.outcome = cut(event.outcome(), 64);
                e.detail = event.detail() == null ? null : cut(event.detail(), 1000);
                // Only where the server measured it: a failure's time comes from the browser, a reason from a person.
                e.elapsedMs = "passkey.success".equals(event.type()) ? elapsed(event.detail()) : null;
                dev.passgate.audit.AuditContext.Frame context = dev.passgate.audit.AuditContext.current();
                e.clientId = context.client().map(c -> cut(c, 255)).orElse(null);
                e.loginId = context.login().orElse(null);
                e.node = cut(dev.passgate.audit.AuditContext.NODE, 64);
                e.network = context.network().map(n -> cut(n, 64)).orElse(null);
                db.run(em -> em.persist(e));
            }

            @Override
            public List<AuditEvent> recent(String type, int limit) {
                return db.inTransaction(em -> em.createQuery("select a from AuditEventEntity a where a.eventType = :t "
                                + "order by a.occurredAt desc", AuditEventEntity.class)
                        .setParameter("t", type).setMaxResults(limit).getResultStream()
                        .map(a -> new AuditEvent(a.occurredAt, a.eventType, Optional.ofNullable(a.userId), a.outcome, a.detail))
                        .toList());
            }

            @Override
            public List<AuditEvent> recentFor(String userId, java.util.Set<String> types, int limit) {
                return db.inTransaction(em -> em.createQuery("select a from AuditEventEntity a where a.userId = :u"
                                + " and a.eventType in :t order by a.occurredAt desc", AuditEventEntity.class)
                        .setParameter("u", userId).setParameter("t", types).setMaxResults(limit).getResultStream()
                        .map(a -> new AuditEvent(a.occurredAt, a.eventType, Optional.ofNullable(a.userId), a.outcome, a.detail))
                        .toList());
            }
        };
    }

    public static PasswordThrottle.Store throttle(Database db) {
        return new PasswordThrottle.Store() {
            @Override
            public PasswordThrottle.State get(String keyHash) {
                return db.inOwnTransaction(em -> Optional.ofNullable(em.find(LoginThrottleEntity.class, keyHash))
                        .map(e -> new PasswordThrottle.State(e.failures, Optional.ofNullable(e.lockedUntil)))
                        .orElse(PasswordThrottle.State.CLEAN));
            }

            @Override
            public boolean attempt(String keyHash, Instant now, java.util.function.IntFunction<Optional<Instant>> lockFor) {
                try {
                    // Counts commit at once, whatever becomes of the request (a failure must count), and a first-row
                    // race retries in a transaction of its own, never in the request's.
                    return db.inOwnTransaction(em -> {
                        LoginThrottleEntity e = em.find(LoginThrottleEntity.class, keyHash,
                                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                        if (e == null) {
                            e = new LoginThrottleEntity();
                            e.keyHash = keyHash;
                            em.persist(e);
                        } else if (e.lockedUntil != null && now.isBefore(e.lockedUntil)) {
                            return false;
                        }
                        e.failures++;
                        e.lockedUntil = lockFor.apply(e.failures).orElse(null);
                        e.updatedAt = now;
                        return true;
                    });
                } catch (jakarta.persistence.PersistenceException firstRowRaced) {
                    return attempt(keyHash, now, lockFor); // the row exists now: lock it and count
                }
            }

            @Override
            public void forgive(String keyHash) {
                db.inOwnTransaction(em -> {
                    LoginThrottleEntity e = em.find(LoginThrottleEntity.class, keyHash,
                            jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                    if (e != null && e.failures > 0) {
                        e.failures--;
                    }
                    return null;
                });
            }

            @Override
            public int purge(Instant before, Instant now) {
                return db.inTransaction(em -> em.createQuery("delete from LoginThrottleEntity t where t.updatedAt < :before"
                                + " and (t.lockedUntil is null or t.lockedUntil < :now)")
                        .setParameter("before", before).setParameter("now", now).executeUpdate());
            }

            @Override
            public void reset(String keyHash) {
                db.inOwnTransaction(em -> em.createQuery("delete from LoginThrottleEntity t where t.keyHash = :k")
                        .setParameter("k", keyHash).executeUpdate());
            }
        };
    }

    public static OfferRecord offers(Database db) {
        return new OfferRecord() {
            @Override
            public Optional<Skip> lastSkip(String userId) {
                return db.inTransaction(em -> Optional.ofNullable(em.find(UserEntity.class, userId))
                        .filter(u -> u.passkeyOfferSkippedAt != null)
                        .map(u -> new Skip(u.passkeyOfferSkippedAt, u.signInsSinceSkip)));
            }

            @Override
            public void recordSkip(String userId, Instant at) {
                db.run(em -> {
                    UserEntity u = Database.current(em, UserEntity.class, userId);
                    if (u != null) {
                        u.passkeyOfferSkippedAt = at;
                        u.signInsSinceSkip = 0;
                    }
                });
            }

            @Override
            public void countSignIn(String userId) {
                db.run(em -> {
                    UserEntity u = Database.current(em, UserEntity.class, userId);
                    if (u != null && u.passkeyOfferSkippedAt != null) {
                        u.signInsSinceSkip++;
                    }
                });
            }
        };
    }

    private static void copy(LoginTransaction t, LoginTransactionEntity e) {
        e.state = t.state().name();
        e.userId = t.userId().orElse(null);
        e.identifier = t.identifier();
        e.passkeyFailures = t.passkeyFailures();
        e.passkeyErrorSeen = t.passkeyErrorSeen();
        e.failedCredential = t.failedCredential().orElse(null);
        e.lastError = t.lastError().orElse(null);
        e.decision = t.decision().orElse(null);
        e.challenge = t.challenge().orElse(null);
        e.challengePurpose = t.challengePurpose().orElse(null);
        e.userHandle = t.userHandle().orElse(null);
        e.challengeExpiresAt = t.challengeExpiresAt().orElse(null);
        e.capabilities = t.capabilities().encode();
        e.passwordVerified = t.passwordVerified();
        e.otpChannel = t.otpChannel().orElse(null);
        e.amr = String.join(" ", t.amr());
        e.acr = t.acr().orElse(null);
        e.authTime = t.authTime().orElse(null);
        e.offerKind = t.offerKind().orElse(null);
        e.ceremony = t.ceremony().orElse(null);
    }

    private static LoginTransaction toTransaction(LoginTransactionEntity e) {
        return new LoginTransaction(e.idHash, LoginState.valueOf(e.state), Optional.ofNullable(e.userId), e.identifier,
                e.passkeyFailures, e.passkeyErrorSeen, Optional.ofNullable(e.failedCredential), Optional.ofNullable(e.lastError), Optional.ofNullable(e.decision),
                Optional.ofNullable(e.challenge), Optional.ofNullable(e.challengePurpose), Optional.ofNullable(e.userHandle),
                Optional.ofNullable(e.challengeExpiresAt),
                ClientCapabilities.decode(e.capabilities), e.passwordVerified, Optional.ofNullable(e.otpChannel),
                JpaInteractionStore.split(e.amr), Optional.ofNullable(e.acr), Optional.ofNullable(e.authTime),
                Optional.ofNullable(e.offerKind), Optional.ofNullable(e.ceremony), e.createdAt, e.expiresAt, e.version);
    }
}
