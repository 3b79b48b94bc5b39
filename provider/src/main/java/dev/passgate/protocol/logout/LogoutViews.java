package dev.passgate.protocol.logout;

import java.util.List;

import dev.passgate.web.View;

/** The pages of sign-out: the confirmation (RP-Initiated Logout §2) and the result. */
public final class LogoutViews {
    private LogoutViews() {
    }

    /** "Do you want to sign out?": posts the original parameters back with {@code confirm=yes}. */
    public record Confirm(List<Field> fields, String csrf) implements View {
        public Confirm {
            fields = List.copyOf(fields);
        }

        @Override
        public String template() {
            return "logout/confirm";
        }
    }

    public record Field(String name, String value) {
    }

    public record Done() implements View {
        @Override
        public String template() {
            return "logout/done";
        }
    }
}
