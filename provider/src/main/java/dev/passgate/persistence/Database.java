package dev.passgate.persistence;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.passgate.config.PassgateSettings.DatabaseSettings;

/**
 * The one way into the database: migrations at start-up, then short transactions.
 *
 * <p>The persistence unit is created by the application rather than the container so that the
 * database is chosen by configuration alone ({@code passgate.db.url}) on any Jakarta EE server,
 * without server-specific data source definitions. The shared cache is off: every node reads
 * what any other node wrote a moment ago.
 *
 * <p>Connections come from HikariCP, not EclipseLink's internal pool: EclipseLink 4.0 closes
 * every released connection while its minimum is open, so each transaction beyond the minimum
 * opened a new database connection (on PostgreSQL a backend fork and a SCRAM exchange; seen as
 * 15,422 connections for 200 logins at concurrency 4). Hikari keeps {@code poolSize} connections
 * open (minimum = maximum), checks a connection only after it sat idle, and works the same on
 * any server, which a container pool would not.
 */
public final class Database implements AutoCloseable, dev.passgate.transaction.OneTransaction {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final HikariDataSource pool;
    private final CommittingDataSource counted;
    /** The entity manager of this thread's {@link #run} unit, when one is open. */
    private final ThreadLocal<EntityManager> unit = new ThreadLocal<>();
    private final ThreadLocal<java.util.List<Runnable>> committed = new ThreadLocal<>();
    /** The first failure of this thread's unit: the cause of every later call's refusal, so the answer fits it. */
    private final ThreadLocal<RuntimeException> failed = new ThreadLocal<>();
    private final EntityManagerFactory emf;
    private final Flyway flyway;

    private Database(HikariDataSource pool, CommittingDataSource counted, EntityManagerFactory emf, Flyway flyway) {
        this.pool = pool;
        this.counted = counted;
        this.emf = emf;
        this.flyway = flyway;
    }

    /**
     * @param ready             the database answered and every migration of this build is applied
     * @param schemaVersion     the applied version, or "unknown" when the database did not answer
     * @param pendingMigrations migrations this build has that the database lacks (another node's newer build
     *                          may have added more; those do not make this node unready)
     */
    public record Readiness(boolean ready, String schemaVersion, int pendingMigrations) {
    }

    /** For the readiness probe: reads the migration history through the pool. */
    public Readiness readiness() {
        try {
            var info = flyway.info();
            int pending = info.pending().length;
            String version = info.current() == null ? "none" : info.current().getVersion().getVersion();
            return new Readiness(pending == 0 && info.current() != null, version, pending);
        } catch (RuntimeException unreachable) {
            LOG.warning(() -> "Readiness: the database did not answer: " + unreachable.getClass().getSimpleName());
            return new Readiness(false, "unknown", -1);
        }
    }

    /** Opens the connection pool, applies pending migrations, then starts the persistence unit. */
    public static Database open(DatabaseSettings settings) {
        ClassLoader loader = Database.class.getClassLoader();
        HikariDataSource pool = pool(settings);
        CommittingDataSource counted = new CommittingDataSource(pool);
        try {
            Flyway flyway = Flyway.configure(loader)
                    .dataSource(counted)
                    .locations("classpath:db/migration")
                    .load();
            var result = flyway.migrate();
            LOG.info(() -> "Database " + settings.url() + " at schema version " + result.targetSchemaVersion
                    + " (" + result.migrationsExecuted + " migrations applied now), pool of "
                    + settings.poolSize() + " connections");

            Map<String, Object> props = new HashMap<>();
            props.put("eclipselink.persistencexml", "META-INF/passgate-persistence.xml");
            props.put("jakarta.persistence.nonJtaDataSource", counted);
            props.put("eclipselink.classloader", loader);
            props.put("eclipselink.weaving", "false");
            props.put("eclipselink.cache.shared.default", "false");
            props.put("eclipselink.logging.level", "WARNING");
            props.put("eclipselink.logging.level.sql", "OFF");
            props.put("eclipselink.logging.parameters", "false");
            props.put("eclipselink.session.customizer", SessionCustomizations.class.getName());
            EntityManagerFactory emf = Persistence.createEntityManagerFactory("passgate", props);
            emf.createEntityManager().close();
            return new Database(pool, counted, emf, flyway);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(DatabaseSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("passgate");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setDriverClassName(settings.isPostgres() ? "org.postgresql.Driver" : "org.h2.Driver");
        config.setMinimumIdle(settings.poolSize()); // a fixed pool: no connection opened per request
        config.setMaximumPoolSize(settings.poolSize());
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        // UTC days for every date the database computes (the reports group events by day).
        config.setConnectionInitSql("SET TIME ZONE 'UTC'");
        // A wrong URL or password stops start-up here, with the driver's message.
        config.setInitializationFailTimeout(1);
        return new HikariDataSource(config);
    }

    /** Database transactions that wrote, since start-up: what a login or a token costs in log flushes. */
    public long commits() {
        return counted.commits();
    }

    /** How many connections are open now, busy or idle (for tests and diagnostics). */
    public int openConnections() {
        return pool.getHikariPoolMXBean() == null ? 0 : pool.getHikariPoolMXBean().getTotalConnections();
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. Inside a
     * {@link #run(java.util.function.Supplier) unit} it joins the unit's transaction instead: its statements are
     * sent now (flushed, so a failure surfaces here and later reads see them); the unit commits once. The entities
     * it read stay in the unit, so the request's next {@code find} of the same row costs no statement (a login step
     * reads its login transaction, interaction and account from several stores); a locking {@code find} still reads
     * and locks the row. After a bulk update or delete, which bypasses those entities, the unit is cleared and the
     * next call reads the database as a fresh manager would.
     */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager joined = unit.get();
        if (joined != null) {
            if (joined.getTransaction().getRollbackOnly()) { // an earlier call failed: the request fails, nothing is written
                // With the first failure as the cause: a database that went away still answers 503, not 500, even when
                // a caller (the signing keys' re-read) caught that failure and carried on.
                throw new IllegalStateException("this request's transaction already failed", failed.get());
            }
            try {
                boolean outer = SessionCustomizations.bulkWriteSinceLastAsked(); // a call this one runs inside, if any
                T result = work.apply(joined);
                joined.flush();
                if (SessionCustomizations.bulkWriteSinceLastAsked()) {
                    joined.clear();
                } else if (outer) {
                    SessionCustomizations.markBulkWrite(); // the enclosing call's, handed back
                }
                return result;
            } catch (RuntimeException e) {
                // A store must not catch this and carry on: on PostgreSQL the transaction is aborted anyway.
                joined.getTransaction().setRollbackOnly();
                if (failed.get() == null) {
                    failed.set(e);
                }
                joined.clear();
                throw e;
            }
        }
        return inOwnTransaction(work);
    }

    /**
     * Runs {@code work} in a transaction of its own even inside a request's unit, committed when it returns: for
     * what must count whatever becomes of the request (a throttle's failure count, a code's send, a client
     * assertion's single use) and for writes that may meet a unique key a racing request took first.
     */
    public <T> T inOwnTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    @Override
    public <T> T run(java.util.function.Supplier<T> work) {
        if (unit.get() != null) { // already in one: the outer unit commits
            return work.get();
        }
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        java.util.List<Runnable> effects = new java.util.ArrayList<>();
        unit.set(em);
        committed.set(effects);
        try {
            tx.begin();
            T result = work.get();
            if (tx.getRollbackOnly()) { // a call failed and its caller carried on: the request fails, for that reason
                throw new IllegalStateException("this request's transaction failed", failed.get());
            }
            tx.commit();
            unit.remove(); // the effects run outside the unit: what they write commits on its own
            committed.remove();
            failed.remove();
            for (Runnable effect : effects) {
                try {
                    effect.run();
                } catch (RuntimeException e) { // committed: a log line or a metric that fails must not fail the request
                    LOG.log(java.util.logging.Level.WARNING, "an after-commit effect failed", e);
                }
            }
            return result;
        } finally {
            unit.remove();
            committed.remove();
            failed.remove();
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /**
     * The row as the database holds it now, for a read-modify-write: inside a unit an entity read by an earlier call
     * stays as it was read, and another request may have changed the row since (its version check would then fail
     * this one). Read again, not locked: the version check still catches a change between this read and the commit.
     */
    static <T> T current(EntityManager em, Class<T> type, Object id) {
        return em.find(type, id, Map.of(org.eclipse.persistence.config.QueryHints.REFRESH,
                org.eclipse.persistence.config.HintValues.TRUE));
    }

    /**
     * A row a request's unit reads in order to change it: locked at this first read, so the locking read that guards
     * the change later finds it held and costs no statement (issue 13: a login step read its login transaction, then
     * read it again to lock it). Outside a unit (a page view) a plain read, holding nothing.
     */
    <T> T findToChange(EntityManager em, Class<T> type, Object id) {
        return inUnit() ? em.find(type, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE) : em.find(type, id);
    }

    /** Whether this thread is inside a request's unit (what must never wait on a lock the unit may hold). */
    boolean inUnit() {
        return unit.get() != null;
    }

    @Override
    public void afterCommit(Runnable effect) {
        java.util.List<Runnable> effects = committed.get();
        if (effects == null) {
            effect.run();
        } else {
            effects.add(effect);
        }
    }

    public void run(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    @Override
    public void close() {
        try {
            emf.close();
        } finally {
            pool.close();
        }
    }
}
