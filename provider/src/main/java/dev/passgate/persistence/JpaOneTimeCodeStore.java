package dev.passgate.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import dev.passgate.otp.Channel;
import dev.passgate.otp.CodeSendLog;
import dev.passgate.otp.OneTimeCode;
import dev.passgate.otp.OneTimeCodeStore;

public class JpaOneTimeCodeStore implements OneTimeCodeStore, CodeSendLog {
    /** The budget of sign-ins and account changes. */
    public static final String LOGIN = "login";
    /** Account recovery's own budget: anyone can ask for one, so it must not spend the sign-ins' codes. */
    public static final String RECOVERY = "recovery";

    private final Database db;
    private final String purpose;

    public JpaOneTimeCodeStore(Database db) {
        this(db, LOGIN);
    }

    /** @param purpose whose hourly budget this store's sends count toward ({@link #LOGIN} or {@link #RECOVERY}) */
    public JpaOneTimeCodeStore(Database db, String purpose) {
        this.db = db;
        this.purpose = purpose;
    }

    @Override
    public void save(OneTimeCode code) {
        db.run(em -> {
            OneTimeCodeEntity e = em.find(OneTimeCodeEntity.class, code.flowKey(), LockModeType.PESSIMISTIC_WRITE);
            boolean fresh = e == null;
            if (fresh) {
                e = new OneTimeCodeEntity();
                e.flowKey = code.flowKey();
            }
            e.userId = code.userId();
            e.channel = code.channel().name();
            e.destination = code.destination();
            e.maskedDestination = code.maskedDestination();
            e.codeMac = code.codeMac();
            e.createdAt = code.createdAt();
            e.expiresAt = code.expiresAt();
            e.lastSentAt = code.lastSentAt();
            // Never lower the tries: a resend read them before its (slow) delivery, and guesses
            // made meanwhile were charged to this row. Writing the old count back would refund them.
            e.attempts = fresh ? code.attempts() : Math.max(e.attempts, code.attempts());
            e.consumed = e.consumed || code.consumed(); // a code used meanwhile stays used
            if (fresh) {
                em.persist(e);
            }
        });
    }

    @Override
    public Optional<OneTimeCode> find(String flowKey) {
        return db.inTransaction(em -> Optional.ofNullable(em.find(OneTimeCodeEntity.class, flowKey))
                .map(JpaOneTimeCodeStore::toCode));
    }

    @Override
    public Optional<OneTimeCode> spendAttempt(String flowKey, String codeMac, int maxAttempts) {
        return db.inTransaction(em -> {
            // The row lock serialises tries on one flow across nodes until this transaction commits.
            OneTimeCodeEntity e = em.find(OneTimeCodeEntity.class, flowKey, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || e.consumed || !e.codeMac.equals(codeMac) || e.attempts >= maxAttempts) {
                return Optional.<OneTimeCode>empty();
            }
            e.attempts++;
            return Optional.of(toCode(e));
        });
    }

    @Override
    public boolean consume(String flowKey, String codeMac) {
        return db.inTransaction(em -> em.createQuery("update OneTimeCodeEntity c set c.consumed = true"
                        + " where c.flowKey = :k and c.codeMac = :m and c.consumed = false")
                .setParameter("k", flowKey).setParameter("m", codeMac).executeUpdate()) == 1;
    }

    @Override
    public boolean recordSend(String sendId, String userId, Instant sentAt, int cap) {
        // The send log is counted by concurrent requests: it commits at once, whatever becomes of this request.
        // No caller holds a unit around a send (mail is never inside one), so this lock waits on no one here; were one
        // open, a unit that wrote the account row would wait on itself across two connections, forever.
        if (db.inUnit()) {
            throw new IllegalStateException("a code is never sent inside a request's one transaction");
        }
        return db.inOwnTransaction(em -> {
            // The account row serialises the count and the insert: two senders cannot both see room for one.
            em.find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE);
            long held = em.createQuery("select count(s) from OneTimeCodeSendEntity s"
                            + " where s.userId = :u and s.purpose = :p and s.sentAt > :since", Long.class)
                    .setParameter("u", userId).setParameter("p", purpose)
                    .setParameter("since", sentAt.minus(SEND_WINDOW)).getSingleResult();
            if (held >= cap) {
                return false;
            }
            OneTimeCodeSendEntity e = new OneTimeCodeSendEntity();
            e.id = sendId;
            e.userId = userId;
            e.sentAt = sentAt;
            e.purpose = purpose;
            em.persist(e);
            return true;
        });
    }

    @Override
    public void forgetSend(String sendId) {
        db.inOwnTransaction(em -> em.createQuery("delete from OneTimeCodeSendEntity s where s.id = :id")
                .setParameter("id", sendId).executeUpdate());
    }

    @Override
    public List<Instant> sendsSince(String userId, Instant since) {
        return db.inOwnTransaction(em -> em.createQuery("select s.sentAt from OneTimeCodeSendEntity s"
                        + " where s.userId = :u and s.purpose = :p and s.sentAt > :since order by s.sentAt", Instant.class)
                .setParameter("u", userId).setParameter("p", purpose).setParameter("since", since).getResultList());
    }

    @Override
    public int purge(Instant now) {
        return db.inTransaction(em -> {
            int n = em.createQuery("delete from OneTimeCodeEntity c where c.expiresAt < :now")
                    .setParameter("now", now).executeUpdate();
            n += em.createQuery("delete from OneTimeCodeSendEntity s where s.sentAt <= :cutoff")
                    .setParameter("cutoff", now.minus(SEND_WINDOW)).executeUpdate();
            return n;
        });
    }

    private static OneTimeCode toCode(OneTimeCodeEntity e) {
        return new OneTimeCode(e.flowKey, e.userId, Channel.valueOf(e.channel), e.destination, e.maskedDestination,
                e.codeMac, e.createdAt, e.expiresAt, e.lastSentAt, e.attempts, e.consumed);
    }
}
