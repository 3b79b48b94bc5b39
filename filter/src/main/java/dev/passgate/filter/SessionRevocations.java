package dev.passgate.filter;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sign-ins ended by a back-channel logout, remembered until the next request in each
 * affected session ends it.
 *
 * <p>Why marks and not a registry of live sessions: a registry needs an
 * {@code HttpSessionListener}, but {@code ServletContext.addListener} throws
 * {@code IllegalStateException} once the context is initialized, which it is by the time
 * {@code Filter.init} runs; and invalidating another request's {@code HttpSession} from the
 * back-channel thread is not portable either (sessions may be passivated, serialized or
 * replicated, leaving a stale object). A mark keyed by {@code sid} or {@code sub} needs
 * nothing from the container: the session's own next request sees it and ends itself.
 *
 * <p>Bounded memory: a mark only matters to sign-ins that were alive when it was made, and
 * those end by themselves when their tokens expire without refresh (a refresh always goes
 * through a request that checks the marks first). So each mark is kept until the latest
 * token expiry handed out so far, plus the clock skew, and then dropped.
 *
 * <p>Limit: the marks live in this JVM. With several application nodes, the back-channel
 * call reaches one of them; the others end their sessions when the provider refuses the
 * next refresh.
 */
final class SessionRevocations {

    private final Map<String, Instant> bySid = new ConcurrentHashMap<>();
    private final Map<String, Instant> bySubject = new ConcurrentHashMap<>();
    private final Map<Key, Instant> keepUntil = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> latestExpiry = new AtomicReference<>(Instant.EPOCH);
    private final Duration clockSkew;

    SessionRevocations(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    /** Called for every token set handed out, so marks outlive every sign-in they can affect. */
    void tokensIssued(Instant expiresAt) {
        latestExpiry.accumulateAndGet(expiresAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Back-Channel Logout §2.7: a logout token with {@code sid} ends that provider session's sign-ins. */
    void endProviderSession(String sid, Instant now) {
        mark(bySid, sid, now);
    }

    /** Back-Channel Logout §2.7: a logout token with {@code sub} only ends all of that user's sign-ins. */
    void endSubject(String subject, Instant now) {
        mark(bySubject, subject, now);
    }

    /** True when a back-channel logout arrived after this sign-in happened. */
    boolean isEnded(SignedInSession session) {
        if (bySid.isEmpty() && bySubject.isEmpty()) {
            return false;
        }
        return endedAfter(bySid, session.sid(), session.signedInAt())
                || endedAfter(bySubject, session.subject(), session.signedInAt());
    }

    int size() {
        return bySid.size() + bySubject.size();
    }

    private static boolean endedAfter(Map<String, Instant> marks, String key, Instant signedInAt) {
        if (key == null) {
            return false;
        }
        Instant endedAt = marks.get(key);
        return endedAt != null && !endedAt.isBefore(signedInAt);
    }

    private void mark(Map<String, Instant> marks, String key, Instant now) {
        sweep(now);
        marks.put(key, now);
        Instant latest = latestExpiry.get();
        keepUntil.put(new Key(marks == bySid, key), (latest.isAfter(now) ? latest : now).plus(clockSkew));
    }

    private void sweep(Instant now) {
        keepUntil.entrySet().removeIf(e -> {
            if (e.getValue().isAfter(now)) {
                return false;
            }
            Key key = e.getKey();
            (key.sid() ? bySid : bySubject).remove(key.value());
            return true;
        });
    }

    private record Key(boolean sid, String value) {
    }
}
