package dev.passgate.protocol.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.passgate.interaction.LoginResult;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;

/**
 * Single sign-on sessions. The browser holds a random id; the database holds its SHA-256, so a
 * database dump yields no usable session cookie.
 */
public final class Sessions {
    private final SessionStore store;
    private final SessionIndex index;
    private final UserStore users;
    private final Duration ttl;
    private final Clock clock;

    /**
     * A session just started, with the cookie value that names it (only the browser ever gets it),
     * and the browser's previous session if this one replaced it, with the clients to notify.
     */
    public record Started(String cookieValue, SsoSession session, Optional<SsoSession> replaced, List<String> replacedClients) {
    }

    public Sessions(SessionStore store, SessionIndex index, UserStore users, Duration ttl, Clock clock) {
        this.store = store;
        this.index = index;
        this.users = users;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Optional<SsoSession> current(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // A deactivated account's sessions no longer sign anyone in (its tokens stop at LiveGrants).
        return store.findByIdHash(Secrets.sha256(cookieValue)).filter(s -> s.isLiveAt(now))
                .filter(s -> users.findById(s.userId()).map(User::active).orElse(false));
    }

    /**
     * The session for a completed login. The same person signing in again (prompt=login, max_age,
     * a step-up) keeps the session — same {@code sid}, no client hears of a logout — with the new
     * {@code auth_time}, {@code amr} and {@code acr}. Another person replaces it: the old one ends.
     *
     * @param cookieValue the browser's session cookie, if it sent one
     */
    public Started start(LoginResult result, String cookieValue) {
        return start(result, cookieValue, "", "");
    }

    /**
     * @param browser what the account pages will call this browser
     * @param network its address, anonymised ({@link dev.passgate.web.ClientAddress#network})
     */
    public Started start(LoginResult result, String cookieValue, String browser, String network) {
        Optional<SsoSession> previous = current(cookieValue);
        if (previous.isPresent() && previous.get().userId().equals(result.userId())) {
            // Same sid, but a new cookie: a value that leaked before the step-up must not gain its strength.
            SsoSession p = previous.get();
            String renewedCookie = Secrets.newToken();
            SsoSession again = new SsoSession(Secrets.sha256(renewedCookie), p.sid(), p.userId(), result.authTime(), result.amr(),
                    result.acr(), clock.instant().plus(ttl), browser, network);
            if (store.rotate(p.idHash(), again)) {
                return new Started(renewedCookie, again, Optional.empty(), List.of());
            }
            previous = Optional.empty(); // ended meanwhile: a new session, with a new sid
        }
        List<String> endedClients = previous.map(p -> store.delete(p.sid())).orElse(List.of());
        String newCookie = Secrets.newToken();
        SsoSession session = new SsoSession(Secrets.sha256(newCookie), Secrets.newToken(), result.userId(),
                result.authTime(), result.amr(), result.acr(), clock.instant().plus(ttl), browser, network);
        store.save(session);
        return new Started(newCookie, session, previous, endedClients);
    }

    /** Ends every session of the account but {@code keepSid}, however many: each sid with the clients to notify. */
    public java.util.Map<String, List<String>> endAllExcept(String userId, String keepSid) {
        java.util.Map<String, List<String>> ended = new java.util.LinkedHashMap<>();
        for (String sid : index.sidsOf(userId)) {
            if (!sid.equals(keepSid)) {
                ended.put(sid, store.delete(sid));
            }
        }
        return ended;
    }

    /**
     * A new cookie for the same session (same sid, same sign-in), the old one dead: after a new password, so a
     * cookie stolen before it does not survive it. Empty when the session ended meanwhile.
     */
    public Optional<String> renewCookie(SsoSession session) {
        String renewed = Secrets.newToken();
        SsoSession again = new SsoSession(Secrets.sha256(renewed), session.sid(), session.userId(), session.authTime(),
                session.amr(), session.acr(), session.expiresAt(), session.browser(), session.network());
        return store.rotate(session.idHash(), again) ? Optional.of(renewed) : Optional.empty();
    }

    /** Ends every session of the account (new password, deactivation): each sid with the clients to notify. */
    public java.util.Map<String, List<String>> endAll(String userId) {
        java.util.Map<String, List<String>> ended = new java.util.LinkedHashMap<>();
        for (String sid : index.sidsOf(userId)) {
            ended.put(sid, store.delete(sid));
        }
        return ended;
    }

    /** The account's live sessions, newest sign-in first. */
    public List<SsoSession> of(String userId) {
        Instant now = clock.instant();
        return index.sessionsOf(userId).stream().filter(s -> s.isLiveAt(now)).toList();
    }

    /** Ends the session; returns the clients that must hear of it by back-channel logout. */
    public List<String> end(SsoSession session) {
        return store.delete(session.sid());
    }
}
