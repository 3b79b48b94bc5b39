package dev.passgate.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.passgate.config.PassgateSettings.DatabaseSettings;

/** What /health/ready reports: ready once migrated, not ready when the database stops answering. */
class DatabaseReadinessTest {

    @Test
    void readinessWhenMigratedThenReadyAtTheLatestVersion() throws Exception {
        try (Database db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2))) {
            Database.Readiness r = db.readiness();
            assertTrue(r.ready(), r.toString());
            assertEquals(0, r.pendingMigrations());
            long migrations;
            try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
                migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            }
            assertEquals(String.valueOf(migrations), r.schemaVersion());
        }
    }

    @Test
    void readinessWhenTheDatabaseIsReplacedByAnEmptyOneThenNotReady() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Database db = Database.open(new DatabaseSettings(url, "sa", "", 2));
        try {
            db.inTransaction(em -> em.createNativeQuery("SHUTDOWN").executeUpdate());
        } catch (RuntimeException expected) {
            // the commit fails: the database went away under the transaction
        }
        // The pool reconnects to a new, empty in-memory database: nothing migrated, so not ready.
        Database.Readiness r = db.readiness();
        assertFalse(r.ready(), r.toString());
        db.close();
    }
}
