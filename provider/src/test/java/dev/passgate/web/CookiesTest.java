package dev.passgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** One cookie per login, bounded: the oldest go first, the others keep working. */
class CookiesTest {
    final Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void interactionCookieWhenNamedThenByHashNeverTheIdThatTravelsInUrls() {
        String name = Cookies.interactionCookie("interaction-1");
        assertFalse(name.contains("interaction-1"));
        assertEquals(name, Cookies.interactionCookie("interaction-1"));
        assertFalse(name.equals(Cookies.interactionCookie("interaction-2")));
    }

    @Test
    void namesWhenSecureThenHostPrefixedElsePlain() {
        assertEquals("__Host-passgate_session", new Cookies(true).name(Cookies.SESSION));
        assertEquals("passgate_session", new Cookies(false).name(Cookies.SESSION));
    }

    @Test
    void secretWhenReadThenWithoutItsStartTimeAndOnlyForItsOwnLogin() {
        Cookies cookies = new Cookies(false);
        Map<String, String> values = Map.of(Cookies.interactionCookie("i1"), "secret-1." + now.getEpochSecond());
        assertEquals("secret-1", cookies.secretIn(values, "i1"));
        assertNull(cookies.secretIn(values, "i2"));
    }

    @Test
    void secretWhenSecureThenOnlyFromTheHostPrefixedCookie() {
        Cookies cookies = new Cookies(true);
        Map<String, String> plain = Map.of(Cookies.interactionCookie("i1"), "planted." + now.getEpochSecond());
        assertNull(cookies.secretIn(plain, "i1"), "a cookie without the prefix could come from a sibling subdomain");
        Map<String, String> host = Map.of("__Host-" + Cookies.interactionCookie("i1"), "secret-1." + now.getEpochSecond());
        assertEquals("secret-1", cookies.secretIn(host, "i1"));
    }

    @Test
    void capWhenReachedThenOnlyTheOldestGoesAndBelowItNothing() {
        for (boolean secure : new boolean[] {false, true}) {
            Cookies cookies = new Cookies(secure);
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < Cookies.MAX_INTERACTIONS; i++) {
                values.put(cookies.name(Cookies.interactionCookie("i" + i)), "s" + i + "." + now.minusSeconds(100 - i).getEpochSecond());
            }
            values.put(cookies.name(Cookies.SESSION), "not a login");
            assertEquals(List.of(Cookies.interactionCookie("i0")), cookies.oldestBeyondCap(values), "by base name, secure=" + secure);
            values.remove(cookies.name(Cookies.interactionCookie("i3")));
            assertEquals(List.of(), cookies.oldestBeyondCap(values), "one more still fits");
        }
    }
}
