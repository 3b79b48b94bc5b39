package dev.passgate.login;

import java.util.Optional;

/** One step's decision for one request. Decides only: {@link LoginFlow#handle} checks, saves and answers. */
@FunctionalInterface
public interface LoginStep {

    /** @param spent the challenge this request answers, when its action spends one */
    StepResult apply(LoginContext ctx, Optional<Challenge> spent);
}
