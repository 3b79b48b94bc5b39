package dev.passgate.persistence;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a query three times, a second apart, when it sees a communication failure.
 * With HikariCP in front that is wrong twice over: each retry waits again for a connection (up to
 * the pool's 10 s) while the database is down, so a request took over 30 s before its 503; and the
 * pool already replaces broken connections. One try, then the 503 that tells the person (and the
 * load balancer) to try again in a moment.
 */
public class NoQueryRetry implements SessionCustomizer {
    @Override
    public void customize(Session session) {
        session.getLogin().setQueryRetryAttemptCount(0);
    }
}
