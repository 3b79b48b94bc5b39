package dev.passgate.audit;

import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;


import dev.passgate.config.ConfigReader;
import dev.passgate.config.SettingsException;

/**
 * {@code passgate.log.format=json}: every audit event (each login step's outcome, passkey and code
 * events, decisions) is also one JSON line on the {@code passgate.events} logger, for a log
 * pipeline to index. The line holds what the audit trail holds: the event type, the account id,
 * the outcome and its detail, which never carry a password, a code, a token or an address.
 */
public final class JsonEventLog implements AuditLog {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    /** Where every JSON event line goes (login events here, token requests from {@code observe.TokenCounter}). */
    public static final Logger EVENTS = Logger.getLogger("passgate.events");

    public enum Format { TEXT, JSON }

    private final AuditLog store;
    private final dev.passgate.transaction.OneTransaction transaction;

    /** @param transaction the line is written once the event is committed: never for a request that rolled back */
    public JsonEventLog(AuditLog store, dev.passgate.transaction.OneTransaction transaction) {
        this.store = store;
        this.transaction = transaction;
    }

    /** {@code passgate.log.format}: {@code text} (default) or {@code json}. */
    public static Format format(ConfigReader config) {
        String v = config.string("passgate.log.format", "text").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new SettingsException("passgate.log.format", "must be text or json, was '" + v + "'");
        };
    }

    @Override
    public void record(AuditEvent event) {
        store.record(event);
        transaction.afterCommit(() -> EVENTS.info(() -> line(event)));
    }

    @Override
    public List<AuditEvent> recent(String type, int limit) {
        return store.recent(type, limit);
    }

    @Override
    public List<AuditEvent> recentFor(String userId, java.util.Set<String> types, int limit) {
        return store.recentFor(userId, types, limit);
    }

    static String line(AuditEvent e) {
        return JSON.createObjectBuilder().add("time", e.at().toString()).add("event", e.type())
                .add("user", e.userId().orElse("")).add("outcome", e.outcome()).add("detail", e.detail())
                .build().toString();
    }
}
