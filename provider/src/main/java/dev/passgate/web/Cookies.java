package dev.passgate.web;

import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;

import dev.passgate.security.Secrets;

/**
 * Cookies as the design asks: {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} outside
 * dev mode. Lax (not Strict) because the browser must send the session cookie when a client
 * redirects it here. Secure cookies carry the {@code __Host-} prefix: the browser then refuses
 * them unless set over https for this exact host with {@code Path=/} and no {@code Domain}, so a
 * sibling subdomain or a plain-http page cannot plant or shadow them. That is also why the path
 * stays {@code /} at any context root.
 */
public final class Cookies {
    public static final String SESSION = "passgate_session";
    /** Prefix of the per-login cookies: one per interaction, so two tabs or two apps can sign in at once. */
    public static final String INTERACTION = "passgate_interaction_";
    /** More logins than this running in one browser at once: the oldest are dropped, so cookies stay bounded. */
    static final int MAX_INTERACTIONS = 10;

    static final String HOST_PREFIX = "__Host-";

    private final boolean secure;
    private final String prefix;

    public Cookies(boolean secure) {
        this.secure = secure;
        this.prefix = secure ? HOST_PREFIX : "";
    }

    /** The name the browser holds the cookie {@code base} under. */
    public String name(String base) {
        return prefix + base;
    }

    /** The value of the cookie {@code base}, or null. */
    public String value(Map<String, Cookie> cookies, String base) {
        Cookie c = cookies.get(name(base));
        return c == null ? null : c.getValue();
    }

    public NewCookie set(String base, String value, Duration maxAge) {
        return new NewCookie.Builder(name(base)).value(value).path("/").maxAge((int) maxAge.toSeconds())
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }

    /**
     * The cookie that binds one login to this browser. Its name carries a hash of the interaction
     * id (which travels in URLs), never the id itself.
     */
    public static String interactionCookie(String interactionId) {
        return INTERACTION + Secrets.sha256(interactionId == null ? "" : interactionId).substring(0, 16);
    }

    /** The binding secret this browser holds for {@code interactionId}, if any (the value is {@code secret.startedAt}). */
    public String interactionSecret(Map<String, Cookie> cookies, String interactionId) {
        return secretIn(values(cookies), interactionId);
    }

    String secretIn(Map<String, String> values, String interactionId) {
        String v = values.get(name(interactionCookie(interactionId)));
        if (v == null) {
            return null;
        }
        int dot = v.indexOf('.');
        return dot < 0 ? v : v.substring(0, dot);
    }

    /**
     * What starting one more login in this browser sets and clears: its own cookie (the secret
     * and when it started), and when the browser already holds {@link #MAX_INTERACTIONS} login
     * cookies, clears the oldest ones (logins abandoned in other tabs; each would also lapse with
     * the interaction's lifetime).
     */
    public List<NewCookie> startInteraction(Map<String, Cookie> present, String interactionId, String secret, Duration ttl,
                                            Instant now) {
        List<NewCookie> out = new ArrayList<>();
        oldestBeyondCap(values(present)).forEach(name -> out.add(clear(name)));
        out.add(set(interactionCookie(interactionId), secret + "." + now.getEpochSecond(), ttl));
        return out;
    }

    /** The login cookies to drop so one more fits under {@link #MAX_INTERACTIONS}, oldest first. */
    List<String> oldestBeyondCap(Map<String, String> values) {
        List<Map.Entry<String, String>> running = values.entrySet().stream().filter(e -> e.getKey().startsWith(name(INTERACTION)))
                .sorted(Comparator.comparingLong(e -> startedAt(e.getValue()))).toList();
        List<String> drop = new ArrayList<>();
        for (int i = 0; i <= running.size() - MAX_INTERACTIONS; i++) {
            drop.add(running.get(i).getKey().substring(prefix.length()));
        }
        return drop;
    }

    private static long startedAt(String value) {
        String v = value == null ? "" : value;
        int dot = v.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(v.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0; // unreadable: oldest, dropped first
        }
    }

    private static Map<String, String> values(Map<String, Cookie> cookies) {
        Map<String, String> values = new java.util.HashMap<>();
        cookies.forEach((name, c) -> values.put(name, c.getValue()));
        return values;
    }

    public NewCookie clear(String base) {
        return new NewCookie.Builder(name(base)).value("").path("/").maxAge(0)
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }
}
