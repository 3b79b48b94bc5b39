package dev.passgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void flagsWhenGivenThenReadElseTheDefaultsOfTheSampleDeployment() {
        Settings s = Settings.parse(new String[] {"--issuer", "https://login.example.com/", "--workload", "refresh",
                "--concurrency", "64", "--duration", "2m", "--warmup", "500ms", "--pid", "12", "--pid", "13", "--process-name", "postgres"});
        assertEquals("https://login.example.com", s.issuer());
        assertEquals(64, s.concurrency());
        assertEquals(Duration.ofMinutes(2), s.duration());
        assertEquals(Duration.ofMillis(500), s.warmup());
        assertEquals(List.of(12L, 13L), s.pids());
        assertEquals(List.of("postgres"), s.processNames());
        assertEquals("web", s.clientId());
        assertEquals(Optional.of("scim"), s.scope(), "client_credentials by default as the SCIM client, for scope scim");
        assertEquals(Optional.empty(), Settings.parse(new String[] {"--issuer", "x", "--machine-client-id", "rs"}).scope());
        assertEquals(64 * 60, s.accounts(), "password-login: 60 accounts per virtual user by default");
        assertEquals(8, Settings.parse(new String[] {"--issuer", "x", "--workload", "password-login", "--accounts", "8"}).accounts());
        assertEquals("https://login.example.com/sample-app/profile", s.appUrl(), "filter: the sample app beside the provider");
        assertEquals("https://login.example.com/sample-app/static/style.css", s.appPublicUrl());
        assertEquals(Optional.empty(), s.rssEvery());
        Settings watched = Settings.parse(new String[] {"--issuer", "x", "--workload", "filter", "--pid", "7",
                "--rss-every", "1m", "--app-url", "https://app/p"});
        assertEquals(Optional.of(Duration.ofMinutes(1)), watched.rssEvery());
        assertEquals("https://app/p", watched.appUrl());
    }

    @Test
    void flagsWhenWrongThenRefusedWithWhatIsExpected() {
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[] {"--workload", "refresh"}), "no issuer");
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[] {"--issuer", "x", "--workload", "ddos"}));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[] {"--issuer"}));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[] {"--issuer", "x", "--concurrency", "4",
                "--accounts", "3"}), "fewer accounts than virtual users");
        assertThrows(IllegalArgumentException.class, () -> Settings.duration("30 parsecs"));
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[] {"--issuer", "x", "--rss-every", "1m"}),
                "memory is read from the server's pid");
        assertThrows(IllegalArgumentException.class, () -> Settings.parse(new String[] {"--issuer", "x", "--pid", "7",
                "--rss-every", "0s"}));
    }

    @Test
    void percentilesWhenFlowsTimedThenNearestRank() {
        long[] ms = new long[100];
        for (int i = 0; i < 100; i++) {
            ms[i] = (i + 1) * 1_000_000L;
        }
        Bench.Result r = new Bench.Result(100, 10, ms, java.util.Map.of(), Double.NaN, Double.NaN, Double.NaN, null);
        assertEquals(50.0, r.percentileMs(50));
        assertEquals(90.0, r.percentileMs(90));
        assertEquals(99.0, r.percentileMs(99));
        assertEquals(10.0, r.perSecond());
    }

    @Test
    void filterLineWhenBothPagesTimedThenTheDifferenceOfMedians() {
        long[] signedIn = {1_000_000L, 1_200_000L, 1_400_000L};
        long[] open = {900_000L, 950_000L, 2_000_000L};
        Bench.Result r = new Bench.Result(3, 1, signedIn, java.util.Map.of(), Double.NaN, Double.NaN, Double.NaN, open);
        String line = r.filterLine(Settings.parse(new String[] {"--issuer", "x", "--workload", "filter"}));
        assertTrue(line.contains("signed-in page p50 1.200 ms, public file without a session p50 0.950 ms"), line);
        assertTrue(line.contains("together 250 µs"), line);
    }

    @Test
    void rssWhenTheProcessIsThisOneThenMebibytesElseUnknown() {
        assertTrue(Bench.rss(ProcessHandle.current().pid()).matches("\\d+ MiB"), Bench.rss(ProcessHandle.current().pid()));
        assertTrue(Bench.rss(-1).startsWith("unknown"));
    }
}
