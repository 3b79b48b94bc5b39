package dev.passgate.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;


import dev.passgate.audit.AuditQuery;
import dev.passgate.audit.AuditRecord;
import dev.passgate.user.UserStore;

/**
 * The audit page's filters as typed: whole UTC days (the end included), an event type, an account by
 * username or id, a client. Anything that does not read is refused as a whole, never guessed.
 */
record AuditFilter(LocalDate from, LocalDate to, Optional<String> type, Optional<String> user, Optional<String> client) {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:@+-]{1,255}");
    private static final Duration LONGEST = Duration.ofDays(366);

    static AuditFilter lastWeek(Instant now) {
        return lastDays(now, 7);
    }

    static AuditFilter lastDays(Instant now, int days) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return new AuditFilter(today.minusDays(days - 1L), today, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Empty when any filter does not read (a date, the range, a word with characters no type, name or client has). */
    static Optional<AuditFilter> parse(String from, String to, String type, String user, String client, Instant now) {
        AuditFilter week = lastWeek(now);
        try {
            LocalDate f = blank(from) ? week.from() : LocalDate.parse(from.strip());
            LocalDate t = blank(to) ? week.to() : LocalDate.parse(to.strip());
            if (t.isBefore(f) || Duration.between(f.atStartOfDay(), t.atStartOfDay()).compareTo(LONGEST) > 0) {
                return Optional.empty();
            }
            Optional<String> ty = word(type);
            Optional<String> u = word(user);
            Optional<String> c = word(client);
            if (ty == null || u == null || c == null) {
                return Optional.empty();
            }
            return Optional.of(new AuditFilter(f, t, ty, u, c));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Empty for blank, null for a value that is no word. */
    private static Optional<String> word(String s) {
        if (blank(s)) {
            return Optional.empty();
        }
        return WORD.matcher(s.strip()).matches() ? Optional.of(s.strip()) : null;
    }

    /** The account by username (or email) when one has it, else the text as an id. */
    AuditQuery query(UserStore users, int limit) {
        Optional<String> userId = user.map(u -> users.findByIdentifier(u).map(x -> x.id()).orElse(u));
        return new AuditQuery(from.atStartOfDay().toInstant(ZoneOffset.UTC), to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                type, userId, client, limit);
    }

    String fromText() {
        return from.toString();
    }

    String toText() {
        return to.toString();
    }

    /** The same filters for the export link. */
    String queryString() {
        StringBuilder q = new StringBuilder("from=" + from + "&to=" + to);
        type.ifPresent(v -> q.append("&type=").append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        user.ifPresent(v -> q.append("&user=").append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        client.ifPresent(v -> q.append("&client=").append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return q.toString();
    }

    /** One event as a JSON line: what a SIEM ingests. */
    static String jsonLine(AuditRecord r) {
        var line = JSON.createObjectBuilder().add("time", r.event().at().toString()).add("type", r.event().type())
                .add("outcome", r.event().outcome()).add("node", r.node());
        r.event().userId().ifPresent(v -> line.add("account", v));
        r.client().ifPresent(v -> line.add("client", v));
        r.login().ifPresent(v -> line.add("login", v));
        r.network().ifPresent(v -> line.add("network", v));
        if (r.event().detail() != null && !r.event().detail().isEmpty()) {
            line.add("detail", r.event().detail());
        }
        return line.build().toString();
    }
}
