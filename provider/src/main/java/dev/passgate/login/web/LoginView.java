package dev.passgate.login.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.steps.NewPasswordStep;
import dev.passgate.login.steps.OfferPasskeyStep;
import dev.passgate.otp.Channel;
import dev.passgate.web.View;

/**
 * What a login page shows (templates under {@code templates/login/}). Accessible names are a
 * contract (DESIGN.md): the templates keep "Email or username", "Continue", "Use password
 * instead", "Password", "Sign in", "Verification code", "Verify", "Create passkey", "I'll do it
 * later" in English, and every error in {@code role="alert"}.
 *
 * @param ceremony          what {@code login.js} does on the page: conditional, autostart, button, register, none
 * @param channels          where a code can go
 * @param otpChannel        where the code went, once sent
 * @param recoverFirst      at NEW_PASSWORD, this sign-in proved only the doubted password: recovery, not the form
 */
public record LoginView(String template, String interactionId, String csrf, Optional<String> uiLocales,
                        String identifier, String clientName, Optional<LoginError> error, String ceremony,
                        List<ChannelOption> channels, Optional<ChannelOption> otpChannel, Optional<String> maskedDestination,
                        Optional<String> offerKind, boolean atPasskeyLimit, Optional<Replaced> replaces,
                        boolean recoverFirst) implements View {

    public static final String CSRF_PURPOSE = "login";

    /** The passkey a healing offer replaces, as the page names it: its name and the day it was made (UTC). */
    public record Replaced(String name, String createdOn) {
        static Replaced of(dev.passgate.passkey.Passkey p) {
            return new Replaced(p.name(), java.time.LocalDate.ofInstant(p.createdAt(), java.time.ZoneOffset.UTC).toString());
        }
    }

    /**
     * A channel as a form sends it ({@code EMAIL}) and as message keys and element ids name it
     * ({@code email}). Both fixed here, in the root locale: no page language changes a form value.
     */
    public record ChannelOption(String value, String key) {
        public static ChannelOption of(Channel channel) {
            return new ChannelOption(channel.name(), channel.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * @param tx   the transaction as the step left it (the context holds it as the request found it)
     * @param csrf a token for {@link #CSRF_PURPOSE} bound to this interaction
     */
    static LoginView of(LoginContext ctx, LoginTransaction tx, String csrf, Optional<LoginError> error, String clientName,
                        Set<Channel> channels, Optional<String> maskedDestination, boolean atPasskeyLimit,
                        Optional<dev.passgate.passkey.Passkey> replaces) {
        String template = switch (tx.state()) {
            case IDENTIFY -> "login/identify";
            case PASSKEY -> "login/passkey";
            case PASSWORD -> "login/password";
            case ONE_TIME_CODE -> tx.otpChannel().isEmpty() ? "login/choose-channel" : "login/code";
            case OFFER_PASSKEY -> "login/offer";
            case NEW_PASSWORD -> "login/new-password";
            case DONE -> "login/done";
        };
        boolean autostart = "START".equals(tx.decision().orElse("")) && tx.passkeyFailures() == 0 && error.isEmpty();
        String ceremony = switch (tx.state()) {
            case IDENTIFY -> "conditional";
            case PASSKEY -> autostart ? "autostart" : "button";
            case OFFER_PASSKEY -> "register";
            default -> "none";
        };
        return new LoginView(template, ctx.interactionId(), csrf, ctx.interaction().param("ui_locales"), tx.identifier(),
                clientName, error, ceremony, channels.stream().sorted().map(ChannelOption::of).toList(),
                tx.otpChannel().flatMap(Channel::parse).map(ChannelOption::of), maskedDestination, tx.offerKind(), atPasskeyLimit,
                replaces.map(Replaced::of),
                tx.state() == LoginState.NEW_PASSWORD && !NewPasswordStep.proven(tx));
    }

    public String errorCode() {
        return error.map(LoginError::code).orElse("");
    }

    /** The channels the code did not go to: "send it by SMS instead". */
    public List<ChannelOption> otherChannels() {
        return channels.stream().filter(c -> !otpChannel.map(c::equals).orElse(false)).toList();
    }

    /** After a sign-in with a passkey from another device: one on this device. */
    public boolean local() {
        return OfferPasskeyStep.LOCAL.equals(offerKind.orElse(""));
    }

    /** An autohealing offer (after a passkey failed) rather than a first passkey. */
    public boolean heal() {
        return OfferPasskeyStep.HEAL.equals(offerKind.orElse(""));
    }
}
