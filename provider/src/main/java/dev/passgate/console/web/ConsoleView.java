package dev.passgate.console.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import dev.passgate.account.PasskeyRow;
import dev.passgate.web.View;

/** The support console's pages (templates under {@code templates/console/}). */
public final class ConsoleView {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ConsoleView() {
    }

    static String when(Instant at) {
        return WHEN.format(at);
    }

    /** The first page: who is signed in with which roles, and what they may open. */
    public record Home(String agent, List<String> roles, boolean mayFind, boolean mayAudit) implements View {
        @Override
        public String template() {
            return "console/home";
        }
    }

    public record UserRow(String id, String username, String email, String phone, boolean active, List<String> roles) {
    }

    /** People found for what support typed. */
    public record Found(String agent, String query, List<UserRow> users) implements View {
        @Override
        public String template() {
            return "console/users";
        }
    }

    public record SessionRow(String browser, String network, String signedInAt, String method) {
    }

    public record EventRow(String when, String type, String outcome, String detail) {
    }

    /** One person, as support needs to see them to guide them, with the actions the agent's roles allow. */
    public record Person(String agent, String csrf, String id, String username, String displayName, String email,
                         boolean emailVerified, String phone, boolean phoneVerified, boolean active, List<String> roles,
                         List<PasskeyRow> passkeys, boolean hasPassword, boolean passwordChangeAsked,
                         Optional<String> passwordSlowedUntil, boolean codesLocked,
                         boolean recoveryLocked, List<SessionRow> sessions, List<EventRow> events, boolean mayAssignRoles,
                         boolean self, Optional<String> notice, Optional<String> error) implements View {
        @Override
        public String template() {
            return "console/user";
        }

        public boolean holds(String role) {
            return roles.contains(role);
        }

        public String date(Instant at) {
            return when(at);
        }
    }

    /** The recovery link, shown once to the agent who made it. */
    public record Link(String agent, String id, String username, String link, String expires) implements View {
        @Override
        public String template() {
            return "console/link";
        }
    }

    public record AuditRow(String when, String type, String user, String outcome, String client, String login, String node,
                           String network, String detail) {
    }

    /** The audit trail between two days, with its filters, newest first; the export takes the same filters. */
    public record Audit(String agent, String from, String to, String type, String user, String client, List<AuditRow> rows,
                        int limit, String exportQuery, Optional<String> error) implements View {
        @Override
        public String template() {
            return "console/audit";
        }
    }

    /** One bar: its label, its value, and its length in the chart's 0–300 units. */
    public record Bar(String label, long value, int length) {
    }

    public record ChartView(String id, List<Bar> bars) {
        /** The chart's height in SVG units: one 24-unit row a bar. */
        public int height() {
            return Math.max(24, bars.size() * 24);
        }
    }

    /** The passkey reports between two days, each chart with its CSV. */
    public record ReportsPage(String agent, String from, String to, long activeAccounts, long accountsWithPasskey,
                              Optional<Integer> adoptionPercent, Optional<Integer> passkeySuccessPercent, List<ChartView> charts,
                              String query, Optional<String> error) implements View {
        @Override
        public String template() {
            return "console/reports";
        }
    }
}
