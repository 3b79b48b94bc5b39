package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.passgate.filter.SignedInSession.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionRevocationsTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final SessionRevocations revocations = new SessionRevocations(Duration.ofSeconds(60));

    @Test
    void isEndedWhenSidLoggedOutAfterSignInThenTrue() {
        SignedInSession session = signedIn("user-1", "sid-1", T0);
        revocations.endProviderSession("sid-1", T0.plusSeconds(10));

        assertTrue(revocations.isEnded(session));
        assertFalse(revocations.isEnded(signedIn("user-1", "sid-2", T0)));
    }

    @Test
    void isEndedWhenSubjectLoggedOutThenAllItsEarlierSignInsEnd() {
        revocations.endSubject("user-1", T0.plusSeconds(10));

        assertTrue(revocations.isEnded(signedIn("user-1", "sid-1", T0)));
        assertTrue(revocations.isEnded(signedIn("user-1", null, T0)));
        assertFalse(revocations.isEnded(signedIn("user-2", "sid-3", T0)));
    }

    @Test
    void isEndedWhenSignedInAgainAfterLogoutThenFalse() {
        revocations.endSubject("user-1", T0);

        assertFalse(revocations.isEnded(signedIn("user-1", "sid-9", T0.plusSeconds(1))));
    }

    @Test
    void markWhenOlderThanEveryIssuedTokenThenForgotten() {
        revocations.tokensIssued(T0.plusSeconds(300));
        revocations.endProviderSession("sid-1", T0);

        revocations.endProviderSession("sid-2", T0.plusSeconds(300 + 61));

        assertEquals(1, revocations.size());
    }

    private static SignedInSession signedIn(String subject, String sid, Instant at) {
        OidcUser user = OidcUser.fromClaims(Map.of("sub", subject), "roles", "at", at.plusSeconds(300));
        return new SignedInSession(user, new Tokens("id", "at", null, at.plusSeconds(300)), sid, at);
    }
}
