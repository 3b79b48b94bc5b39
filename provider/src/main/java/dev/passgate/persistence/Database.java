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

import dev.passgate.config.PassgateSettings.DatabaseSettings;

/**
 * The one way into the database: migrations at start-up, then short transactions.
 *
 * <p>The persistence unit is created by the application rather than the container so that the
 * database is chosen by configuration alone ({@code passgate.db.url}) on any Jakarta EE server,
 * without server-specific data source definitions. The shared cache is off: every node reads
 * what any other node wrote a moment ago.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final EntityManagerFactory emf;

    private Database(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** Applies pending migrations, then opens the connection pool. */
    public static Database open(DatabaseSettings settings) {
        ClassLoader loader = Database.class.getClassLoader();
        var result = Flyway.configure(loader)
                .dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "Database " + settings.url() + " at schema version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");

        Map<String, Object> props = new HashMap<>();
        props.put("eclipselink.persistencexml", "META-INF/passgate-persistence.xml");
        props.put("jakarta.persistence.jdbc.url", settings.url());
        props.put("jakarta.persistence.jdbc.user", settings.user());
        props.put("jakarta.persistence.jdbc.password", settings.password());
        props.put("jakarta.persistence.jdbc.driver", settings.isPostgres() ? "org.postgresql.Driver" : "org.h2.Driver");
        props.put("eclipselink.classloader", loader);
        props.put("eclipselink.connection-pool.default.initial", "2");
        props.put("eclipselink.connection-pool.default.min", "2");
        props.put("eclipselink.connection-pool.default.max", String.valueOf(settings.poolSize()));
        props.put("eclipselink.weaving", "false");
        props.put("eclipselink.cache.shared.default", "false");
        props.put("eclipselink.logging.level", "WARNING");
        props.put("eclipselink.logging.level.sql", "OFF");
        props.put("eclipselink.logging.parameters", "false");
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("passgate", props);
        emf.createEntityManager().close(); // connect now: a wrong URL or password stops start-up here
        return new Database(emf);
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
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

    public void run(Consumer<EntityManager> work) {
        inTransaction(em -> {
            work.accept(em);
            return null;
        });
    }

    @Override
    public void close() {
        emf.close();
    }
}
