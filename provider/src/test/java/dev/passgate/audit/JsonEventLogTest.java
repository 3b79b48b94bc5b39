package dev.passgate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.SettingsException;

/** passgate.log.format=json: one parseable line per event, beside the stored trail. */
class JsonEventLogTest {

    @Test
    void recordWhenJsonThenStoredAndOneJsonLinePerEvent() {
        List<AuditEvent> stored = new ArrayList<>();
        AuditLog store = new AuditLog() {
            @Override public void record(AuditEvent event) { stored.add(event); }
            @Override public List<AuditEvent> recent(String type, int limit) { return stored; }
            @Override public List<AuditEvent> recentFor(String userId, java.util.Set<String> types, int limit) { return stored; }
        };
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { lines.add(r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        JsonEventLog.EVENTS.addHandler(capture);
        try {
            new JsonEventLog(store, new dev.passgate.transaction.OneTransaction() { // no unit here: at once, as outside a request's transaction
                @Override public <T> T run(java.util.function.Supplier<T> work) { return work.get(); }
                @Override public void afterCommit(Runnable effect) { effect.run(); }
            }).record(new AuditEvent(Instant.parse("2026-12-01T10:00:00Z"), "password.failure",
                    Optional.of("u-1"), "WRONG_CREDENTIALS", "say \"hi\"\nnext"));
        } finally {
            JsonEventLog.EVENTS.removeHandler(capture);
        }
        assertEquals(1, stored.size());
        assertEquals(1, lines.size());
        assertEquals(1, lines.get(0).lines().count(), "one line, whatever the detail holds");
        JsonObject json = Json.createReader(new StringReader(lines.get(0))).readObject();
        assertEquals("password.failure", json.getString("event"));
        assertEquals("u-1", json.getString("user"));
        assertEquals("WRONG_CREDENTIALS", json.getString("outcome"));
        assertEquals("say \"hi\"\nnext", json.getString("detail"));
        assertEquals("2026-12-01T10:00:00Z", json.getString("time"));
    }

    @Test
    void formatWhenUnknownThenStartUpRefusedNamingTheKey() {
        assertEquals(JsonEventLog.Format.TEXT, JsonEventLog.format(new ConfigReader(k -> Optional.empty())));
        assertEquals(JsonEventLog.Format.JSON, JsonEventLog.format(new ConfigReader(k -> Optional.of("JSON"))));
        SettingsException e = assertThrows(SettingsException.class, () -> JsonEventLog.format(new ConfigReader(k -> Optional.of("xml"))));
        assertEquals(true, e.getMessage().contains("passgate.log.format"));
    }
}
