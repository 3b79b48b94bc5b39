package dev.passgate.filter;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Sign-ins started in this session and not finished yet, keyed by {@code state}. Several may
 * be open at once (two tabs hitting protected pages); each is used once, and the oldest are
 * dropped so the session cannot grow without bound.
 */
final class PendingLogins implements Serializable {

    private static final long serialVersionUID = 1L;

    static final String ATTRIBUTE = "dev.passgate.filter.pending";

    /** A sign-in left unfinished for longer than this is forgotten. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** At most this many sign-ins open per session. */
    static final int MAX_OPEN = 8;

    /**
     * What the callback needs to finish one sign-in, kept server-side only.
     *
     * @param state        the {@code state} sent to the provider (RFC 6749 §10.12, CSRF)
     * @param nonce        the {@code nonce} expected in the ID token (OIDC Core §3.1.2.1)
     * @param codeVerifier the PKCE verifier (RFC 7636 §4.1)
     * @param returnPath   where to go afterwards (see {@link ReturnPath})
     * @param startedAt    when the sign-in began
     */
    record PendingLogin(String state, String nonce, String codeVerifier, String returnPath,
            Instant startedAt) implements Serializable {

        @Override
        public String toString() {
            return "PendingLogin[returnPath=" + returnPath + ", startedAt=" + startedAt + "]";
        }
    }

    private final LinkedHashMap<String, PendingLogin> byState = new LinkedHashMap<>();

    /**
     * The pending logins of a session, created on first use. The lock is global because
     * sessions give no portable object to synchronise on, and it is held only for a map lookup
     * at the start of a sign-in.
     */
    static PendingLogins in(HttpSession session) {
        synchronized (PendingLogins.class) {
            if (session.getAttribute(ATTRIBUTE) instanceof PendingLogins existing) {
                return existing;
            }
            PendingLogins created = new PendingLogins();
            session.setAttribute(ATTRIBUTE, created);
            return created;
        }
    }

    synchronized void add(PendingLogin login) {
        forgetExpired(login.startedAt());
        byState.put(login.state(), login);
        Iterator<String> oldest = byState.keySet().iterator();
        while (byState.size() > MAX_OPEN) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Removes and returns the sign-in with this state, unless unknown or too old. */
    synchronized Optional<PendingLogin> take(String state, Instant now) {
        forgetExpired(now);
        return Optional.ofNullable(state == null ? null : byState.remove(state));
    }

    synchronized boolean isEmpty() {
        return byState.isEmpty();
    }

    private void forgetExpired(Instant now) {
        Instant cutoff = now.minus(MAX_AGE);
        byState.values().removeIf(p -> p.startedAt().isBefore(cutoff));
    }

    /** Keeps the map contents out of logs. */
    @Override
    public synchronized String toString() {
        return "PendingLogins[" + byState.size() + "]";
    }
}
