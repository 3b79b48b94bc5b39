package dev.passgate.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.passgate.persistence.Database;

/**
 * What a load balancer or Kubernetes asks ({@code /health/live}, {@code /health/ready}, served by
 * the server's MicroProfile Health). Live: the application is deployed and answering; restarting
 * would not help a database outage, so the database is not part of it. Ready: this node can serve
 * a login, because the database answers and holds every migration this build knows.
 */
public final class Probes {
    private Probes() {
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("passgate");
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        /** Probes come every few seconds, maybe from anyone: at most one database check per this long. */
        static final long CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

        @Inject
        Database database;
        private volatile Database.Readiness last;
        private volatile long checkedAt;

        @Override
        public HealthCheckResponse call() {
            long now = System.nanoTime();
            Database.Readiness r = last;
            if (r == null || now - checkedAt > CACHE_NANOS) {
                r = database.readiness();
                last = r;
                checkedAt = now;
            }
            // Only what an operator needs to act; never the URL, user or driver message.
            return HealthCheckResponse.named("passgate-database").status(r.ready())
                    .withData("schema", r.schemaVersion()).withData("pending-migrations", r.pendingMigrations()).build();
        }
    }
}
