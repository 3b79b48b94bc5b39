package dev.passgate.filter;

import dev.passgate.filter.SignedInSession.Tokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Answers "who is signed in on this request?" on every request. The common case, a live
 * sign-in far from expiry, costs two session lookups and a clock read; anything else goes to
 * the {@link TokenRefresher}.
 */
final class SessionGuard {

    enum Status {
        /** No sign-in in this session. */
        ANONYMOUS,
        /** Signed in; {@link Check#user()} is set. */
        ACTIVE,
        /** The sign-in just ended (back-channel logout, refresh refused, expired): session invalidated. */
        ENDED,
        /** The tokens expired and the provider could not be reached to refresh them. */
        UNAVAILABLE
    }

    record Check(Status status, OidcUser user) {

        static final Check ANONYMOUS = new Check(Status.ANONYMOUS, null);
        static final Check ENDED = new Check(Status.ENDED, null);
        static final Check UNAVAILABLE = new Check(Status.UNAVAILABLE, null);

        static Check active(OidcUser user) {
            return new Check(Status.ACTIVE, user);
        }
    }

    private final SessionRevocations revocations;
    private final TokenRefresher refresher;
    private final Duration refreshAhead;
    private final Clock clock;

    SessionGuard(FilterSettings settings, SessionRevocations revocations, TokenRefresher refresher, Clock clock) {
        this.revocations = revocations;
        this.refresher = refresher;
        this.refreshAhead = settings.refreshAhead();
        this.clock = clock;
    }

    Check check(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        SignedInSession signedIn = SignedInSession.in(session);
        if (signedIn == null) {
            return Check.ANONYMOUS;
        }
        if (revocations.isEnded(signedIn)) {
            end(session);
            return Check.ENDED;
        }
        Instant now = clock.instant();
        Tokens tokens = signedIn.tokens();
        if (now.isBefore(tokens.expiresAt().minus(refreshAhead))) {
            return Check.active(signedIn.user());
        }
        return refresher.refreshIfDue(session, signedIn, now);
    }

    static void end(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalidated) {
            // another request ended it first
        }
    }
}
