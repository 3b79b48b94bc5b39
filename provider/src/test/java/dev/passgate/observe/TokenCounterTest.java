package dev.passgate.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The grant label is one of three, or "other": a client cannot add labels by inventing grant types. */
class TokenCounterTest {

    @Test
    void grantWhenKnownThenItselfElseOther() {
        assertEquals("client_credentials", TokenCounter.grant(Map.of("grant_type", List.of("client_credentials"))));
        assertEquals("refresh_token", TokenCounter.grant(Map.of("grant_type", List.of("refresh_token"))));
        assertEquals("other", TokenCounter.grant(Map.of("grant_type", List.of("urn:anything:" + "x".repeat(300)))));
        assertEquals("other", TokenCounter.grant(Map.of("grant_type", List.of("authorization_code", "refresh_token"))));
        assertEquals("other", TokenCounter.grant(Map.of()));
        assertEquals("other", TokenCounter.grant(null));
    }

    /** The JSON log line of a token request: grant and result, nothing a client sent beyond the grant's name. */
    @Test
    void lineWhenJsonLogThenGrantAndResultOnly() {
        assertEquals("{\"time\":\"2026-12-01T10:00:00Z\",\"event\":\"token.request\",\"grant\":\"refresh_token\","
                + "\"result\":\"refused\"}", TokenCounter.line(java.time.Instant.parse("2026-12-01T10:00:00Z"), "refresh_token",
                "refused"));
    }
}
