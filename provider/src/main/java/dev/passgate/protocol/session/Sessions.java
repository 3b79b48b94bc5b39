package dev.passgate.protocol.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.passgate.interaction.LoginResult;
import dev.passgate.security.Secrets;

/**
 * Single sign-on sessions. The browser holds a random id; the database holds its SHA-256, so a
 * database dump yields no usable session cookie.
 */
public final class Sessions {
    private final SessionStore store;
    private final Duration ttl;
    private final Clock clock;

    /**
     * A session just started, with the cookie value that names it (only the browser ever gets it),
     * and the browser's previous session if this one replaced it, with the clients to notify.
     */
    public record Started(String cookieValue, SsoSession session, Optional<SsoSession> replaced, List<String> replacedClients) {
    }

    public Sessions(SessionStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Optional<SsoSession> current(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.findByIdHash(Secrets.sha256(cookieValue)).filter(s -> s.isLiveAt(now));
    }

    /** Starts a session for a completed login, ending the browser's previous one (a new login replaces it). */
    public Started start(LoginResult result, Optional<SsoSession> previous) {
        List<String> endedClients = previous.map(p -> store.delete(p.sid())).orElse(List.of());
        String cookieValue = Secrets.newToken();
        SsoSession session = new SsoSession(Secrets.sha256(cookieValue), Secrets.newToken(), result.userId(),
                result.authTime(), result.amr(), result.acr(), clock.instant().plus(ttl));
        store.save(session);
        return new Started(cookieValue, session, previous, endedClients);
    }

    /** Ends the session; returns the clients that must hear of it by back-channel logout. */
    public List<String> end(SsoSession session) {
        return store.delete(session.sid());
    }
}
