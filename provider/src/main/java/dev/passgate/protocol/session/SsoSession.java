package dev.passgate.protocol.session;

import java.time.Instant;
import java.util.List;

/**
 * A single sign-on session. The browser holds a random id whose SHA-256 is {@code idHash};
 * {@code sid} is a separate public identifier that appears in ID and logout tokens.
 */
public record SsoSession(String idHash, String sid, String userId, Instant authTime, List<String> amr, String acr,
                         Instant expiresAt) {
    public SsoSession {
        amr = List.copyOf(amr);
    }

    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
