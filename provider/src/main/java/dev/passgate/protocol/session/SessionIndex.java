package dev.passgate.protocol.session;

import java.util.List;

/** What sessions relate to: the clients that got tokens in each, and each account's sessions. */
public interface SessionIndex {

    /** Records that {@code clientId} received tokens in this session (idempotent). */
    void addClient(String sid, String clientId);

    /** The {@code sid}s of the account's open sessions. */
    List<String> sidsOf(String userId);

    /** The account's sessions, live or not yet purged, newest sign-in first: what the account pages list. */
    List<SsoSession> sessionsOf(String userId);
}
