package dev.passgate.protocol.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Single sign-on sessions and the clients each one has signed in to. */
public interface SessionStore {

    void save(SsoSession session);

    /**
     * A re-authentication: replaces the session stored under {@code oldIdHash} by {@code renewed}
     * (same {@code sid}, a new cookie, new {@code auth_time}/{@code amr}/{@code acr}) in one
     * transaction. False when the old one is gone (a logout in another tab won the race): the
     * caller then starts a new session, never one that revives an ended {@code sid}.
     */
    boolean rotate(String oldIdHash, SsoSession renewed);

    Optional<SsoSession> findByIdHash(String idHash);

    /** By the public session id that tokens carry ({@code sid}). */
    Optional<SsoSession> findBySid(String sid);

    /** Ends the session; returns the clients it had, for back-channel logout. */
    List<String> delete(String sid);

    int purge(Instant now);
}
