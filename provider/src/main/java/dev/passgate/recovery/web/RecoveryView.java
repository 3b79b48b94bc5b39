package dev.passgate.recovery.web;

import java.util.Optional;

import dev.passgate.web.View;

/** The "Can't sign in?" pages (templates under {@code templates/recover/}). */
public final class RecoveryView {
    private RecoveryView() {
    }

    /** What the person types first: their username or email address. */
    public record Start(String identifier, String csrf, Optional<String> error) implements View {
        @Override
        public String template() {
            return "recover/start";
        }
    }

    /**
     * "If an account matches, a code is on its way": the same page whoever asked.
     *
     * @param support where to turn when no code comes (passgate.support.url), if configured
     */
    public record Code(String csrf, Optional<String> support, Optional<String> error) implements View {
        @Override
        public String template() {
            return "recover/code";
        }
    }

    /** A recovery link's one button (the link's secret goes back in the form, never into a cookie or the log of a GET). */
    public record Link(String token, String csrf) implements View {
        @Override
        public String template() {
            return "recover/link";
        }
    }

    public record Password(String csrf, int minLength, Optional<String> error) implements View {
        @Override
        public String template() {
            return "recover/password";
        }
    }
}
