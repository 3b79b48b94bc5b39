package dev.passgate.login.steps;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.passgate.audit.AuditLog;
import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.interaction.Interaction;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.intelligence.ClientCapabilities;
import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/** The real stores on a fresh H2 database, one account ("ada"), a clock the test moves. */
final class StepFixture implements AutoCloseable {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    final Database db;
    final JpaUserStore users;
    final AuditLog audit;
    final LoginSettings settings = new LoginSettings(2, Duration.ofSeconds(60), true, 10, Duration.ofDays(7), 5, 3, 20);
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    StepFixture() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        users = new JpaUserStore(db);
        audit = JpaLoginStores.audit(db);
    }

    User createUser(User user) {
        users.create(user);
        return user;
    }

    /** A login in {@code state} for {@code userId} (empty: not identified yet), from a browser with WebAuthn. */
    LoginContext login(LoginState state, Optional<String> userId) {
        LoginTransaction tx = LoginTransaction.start("h-" + UUID.randomUUID(), "", now, now.plusSeconds(600)).change()
                .user(userId.orElse(null), "ada").capabilities(new ClientCapabilities(true, true, true, false)).state(state).build();
        Interaction interaction = new Interaction(tx.idHash(), "b", "web", Map.of(), now, now.plusSeconds(600), Optional.empty());
        return new LoginContext("id", interaction, tx, DeviceRecord.EMPTY, "10.0.0.1", Locale.ENGLISH);
    }

    @Override
    public void close() {
        db.close();
    }
}
