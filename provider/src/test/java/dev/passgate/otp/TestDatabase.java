package dev.passgate.otp;

import java.time.Instant;
import java.util.UUID;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/** A fresh in-memory H2 database with the real migrations, and accounts for codes to belong to. */
final class TestDatabase {
    private TestDatabase() {
    }

    static Database open() {
        return Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "sa", "", 8));
    }

    static String createUser(Database db, String username, Instant now) {
        String id = UUID.randomUUID().toString();
        new JpaUserStore(db).create(User.create(id, username, now));
        return id;
    }
}
