package dev.passgate.protocol.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Single sign-on sessions and the clients each one has signed in to. */
public interface SessionStore {

    /** Stores a new session, or updates one with the same {@code idHash} (a re-authentication). */
    void save(SsoSession session);

    Optional<SsoSession> findByIdHash(String idHash);

    /** By the public session id that tokens carry ({@code sid}). */
    Optional<SsoSession> findBySid(String sid);

    /** Records that {@code clientId} received tokens in this session (idempotent). */
    void addClient(String sid, String clientId);

    /** Ends the session; returns the clients it had, for back-channel logout. */
    List<String> delete(String sid);

    int purge(Instant now);
}
