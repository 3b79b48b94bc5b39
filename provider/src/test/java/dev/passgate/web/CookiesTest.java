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
    void secretWhenReadThenWithoutItsStartTimeAndOnlyForItsOwnLogin() {
        Map<String, String> values = Map.of(Cookies.interactionCookie("i1"), "secret-1." + now.getEpochSecond());
        assertEquals("secret-1", Cookies.secretIn(values, "i1"));
        assertNull(Cookies.secretIn(values, "i2"));
    }

    @Test
    void capWhenReachedThenOnlyTheOldestGoesAndBelowItNothing() {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < Cookies.MAX_INTERACTIONS; i++) {
            values.put(Cookies.interactionCookie("i" + i), "s" + i + "." + now.minusSeconds(100 - i).getEpochSecond());
        }
        values.put("passgate_session", "not a login");
        assertEquals(List.of(Cookies.interactionCookie("i0")), Cookies.oldestBeyondCap(values));
        values.remove(Cookies.interactionCookie("i3"));
        assertEquals(List.of(), Cookies.oldestBeyondCap(values), "one more still fits");
    }
}
