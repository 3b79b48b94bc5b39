package dev.passgate.persistence;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/** What Passgate changes in EclipseLink's session (the persistence unit takes one customizer). */
public class SessionCustomizations implements SessionCustomizer {
    private static final ThreadLocal<Boolean> BULK_WRITE = new ThreadLocal<>();

    @Override
    public void customize(Session session) {
        // EclipseLink retries a query three times, a second apart, when it sees a communication failure. With HikariCP
        // in front that is wrong twice over: each retry waits again for a connection (up to the pool's 10 s) while the
        // database is down, so a request took over 30 s before its 503; and the pool already replaces broken
        // connections. One try, then the 503 that tells the person (and the load balancer) to try again in a moment.
        session.getLogin().setQueryRetryAttemptCount(0);
        // A bulk update or delete (JPQL or native) bypasses the entities a request's unit holds: Database clears the
        // unit after one, and only then (issue 13: a login read the same rows up to nine times).
        session.getEventManager().addListener(new SessionEventAdapter() {
            @Override
            public void postExecuteQuery(SessionEvent event) {
                DatabaseQuery query = event.getQuery();
                if (query != null && (query.isModifyAllQuery() || query.isDataModifyQuery())) {
                    BULK_WRITE.set(Boolean.TRUE);
                }
            }
        });
    }

    /** Whether this thread ran a bulk write since the last call (and forgets it). */
    static boolean bulkWriteSinceLastAsked() {
        boolean ran = BULK_WRITE.get() != null;
        BULK_WRITE.remove();
        return ran;
    }

    /** Puts back a flag a call nested in another took, for the enclosing call to see. */
    static void markBulkWrite() {
        BULK_WRITE.set(Boolean.TRUE);
    }
}
