package dev.passgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a notice says the change came from: browser and system, as people call them, in names no language translates. */
class UserAgentsTest {

    @Test
    void summaryWhenCommonBrowsersThenBrowserOnSystem() {
        assertEquals("Chrome (macOS)", UserAgents.summary("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"));
        assertEquals("Edge (Windows)", UserAgents.summary("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"));
        assertEquals("Safari (iOS)", UserAgents.summary("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"));
        assertEquals("Firefox (Linux)", UserAgents.summary("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"));
        assertEquals("Chrome (Android)", UserAgents.summary("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"));
    }

    @Test
    void summaryWhenMissingOrStrangeThenSaysSoWithoutEchoingIt() {
        assertEquals("", UserAgents.summary(null));
        assertEquals("", UserAgents.summary("<script>alert(1)</script>"));
        assertEquals("(Linux)", UserAgents.summary("curl/8.5 (Linux)"));
    }
}
