package dev.passgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SecretsTest {

    /** RFC 9562 §5.7: version 7, variant 10, the Unix time in milliseconds in the first 48 bits. */
    @Test
    void timeOrderedIdWhenMadeThenAVersion7UuidCarryingTheTime() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(Secrets.timeOrderedId());
        long after = System.currentTimeMillis();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        long millis = id.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= after, millis + " not in [" + before + ", " + after + "]");
    }

    /** What makes them cheap to index: made later, they sort later (as text too, the column's type), and never repeat. */
    @Test
    void timeOrderedIdWhenMadeAMillisecondApartThenSortedByTimeAndUnique() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Secrets.timeOrderedId());
            Thread.sleep(2);
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted);
        HashSet<String> many = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(many.add(Secrets.timeOrderedId()), "a repeat after " + i);
        }
    }
}
