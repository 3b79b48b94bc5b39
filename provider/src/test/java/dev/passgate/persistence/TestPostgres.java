package dev.passgate.persistence;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the integration tests share ({@code it.pg.url}, default
 * {@code jdbc:postgresql://localhost:5432/passgate_it}, user and password {@code passgate}).
 * Without one a test is skipped with the reason printed, except when {@code CI=true}, where it
 * fails: CI installs and starts PostgreSQL itself.
 */
public final class TestPostgres {
    public static final String URL = System.getProperty("it.pg.url", "jdbc:postgresql://localhost:5432/passgate_it");
    public static final String USER = System.getProperty("it.pg.user", "passgate");
    public static final String PASSWORD = System.getProperty("it.pg.password", "passgate");

    private TestPostgres() {
    }

    /** An empty schema for {@code test}, or the test skipped (failed in CI) when there is no server. */
    public static void freshSchemaOrSkip(String test) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            String reason = "PostgreSQL not reachable at " + URL + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ": CI must install and start PostgreSQL (see .ci/run)");
            }
            System.out.println("SKIPPED " + test + ": " + reason);
            Assumptions.abort(reason);
        }
    }
}
