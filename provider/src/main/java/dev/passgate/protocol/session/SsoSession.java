package dev.passgate.protocol.session;

import java.time.Instant;
import java.util.List;

/**
 * A single sign-on session. The browser holds a random id whose SHA-256 is {@code idHash};
 * {@code sid} is a separate public identifier that appears in ID and logout tokens.
 *
 * @param browser what the account pages call the browser it runs in ("Chrome (macOS)"); empty when unknown
 * @param network the signed-in browser's address with its host part cut off (IPv4 /24, IPv6 /48): where,
 *                roughly, without keeping where exactly; empty when unknown
 */
public record SsoSession(String idHash, String sid, String userId, Instant authTime, List<String> amr, String acr,
                         Instant expiresAt, String browser, String network) {
    public SsoSession {
        amr = List.copyOf(amr);
        browser = browser == null ? "" : browser;
        network = network == null ? "" : network;
    }

    public SsoSession(String idHash, String sid, String userId, Instant authTime, List<String> amr, String acr, Instant expiresAt) {
        this(idHash, sid, userId, authTime, amr, acr, expiresAt, "", "");
    }

    public boolean isLiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
