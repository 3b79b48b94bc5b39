package dev.passgate.web;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

import dev.passgate.security.Secrets;

/**
 * Cookies as the design asks: {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} outside
 * dev mode. Lax (not Strict) because the browser must send the session cookie when a client
 * redirects it here.
 */
public final class Cookies {
    public static final String SESSION = "passgate_session";
    /** Prefix of the per-login cookies: one per interaction, so two tabs or two apps can sign in at once. */
    public static final String INTERACTION = "passgate_interaction_";
    /** More logins than this running in one browser at once: the oldest are dropped, so cookies stay bounded. */
    static final int MAX_INTERACTIONS = 8;

    private final boolean secure;

    public Cookies(boolean secure) {
        this.secure = secure;
    }

    public NewCookie set(String name, String value, Duration maxAge) {
        return new NewCookie.Builder(name).value(value).path("/").maxAge((int) maxAge.toSeconds())
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }

    /**
     * The cookie that binds one login to this browser. Its name carries a hash of the interaction
     * id (which travels in URLs), never the id itself.
     */
    public static String interactionCookie(String interactionId) {
        return INTERACTION + Secrets.sha256(interactionId == null ? "" : interactionId).substring(0, 16);
    }

    /** The binding secret this browser holds for {@code interactionId}, if any. */
    public static String interactionSecret(Map<String, Cookie> cookies, String interactionId) {
        Cookie c = cookies.get(interactionCookie(interactionId));
        return c == null ? null : c.getValue();
    }

    /**
     * What starting one more login in this browser sets and clears: its own cookie, and when the
     * browser already holds {@link #MAX_INTERACTIONS} login cookies, clears them (logins abandoned
     * in other tabs; each would also lapse with the interaction's lifetime).
     */
    public List<NewCookie> startInteraction(Map<String, Cookie> present, String interactionId, String secret, Duration ttl) {
        List<NewCookie> out = new ArrayList<>();
        List<String> running = present.keySet().stream().filter(n -> n.startsWith(INTERACTION)).sorted().toList();
        if (running.size() >= MAX_INTERACTIONS) {
            running.forEach(n -> out.add(clear(n)));
        }
        out.add(set(interactionCookie(interactionId), secret, ttl));
        return out;
    }

    public NewCookie clear(String name) {
        return new NewCookie.Builder(name).value("").path("/").maxAge(0)
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }
}
