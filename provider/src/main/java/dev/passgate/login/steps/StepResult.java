package dev.passgate.login.steps;

import java.util.Optional;

import dev.passgate.login.LoginError;
import dev.passgate.login.LoginTransaction;

/**
 * What a step decided: the transaction as it should now be (possibly in a new state), an error
 * to show, and a new device cookie. {@code LoginFlow} checks the move, saves, and answers.
 */
public record StepResult(LoginTransaction next, Optional<LoginError> error, Optional<String> deviceCookie) {

    public static StepResult to(LoginTransaction next) {
        return new StepResult(next, Optional.empty(), Optional.empty());
    }

    public static StepResult error(LoginTransaction next, LoginError error) {
        return new StepResult(next, Optional.of(error), Optional.empty());
    }

    public StepResult withDeviceCookie(String cookie) {
        return new StepResult(next, error, Optional.ofNullable(cookie));
    }
}
