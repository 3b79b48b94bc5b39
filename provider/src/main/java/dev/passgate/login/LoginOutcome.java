package dev.passgate.login;

import java.net.URI;
import java.util.Optional;

/** What the login answers a request. The resources map each case to HTTP; the flow never renders. */
public sealed interface LoginOutcome {

    /**
     * Show the transaction's current step, with an error from the catalogue when there is one;
     * {@code json} carries a ceremony's options for the page's script.
     */
    record Show(LoginTransaction transaction, Optional<LoginError> error, Optional<String> deviceCookie,
                Optional<String> json) implements LoginOutcome {
        public Show(LoginTransaction transaction, Optional<LoginError> error) {
            this(transaction, error, Optional.empty(), Optional.empty());
        }
    }

    /**
     * The request does not belong to the login's current step (a stale tab, a double submit, a
     * forged or replayed call): nothing changed; show where the login is.
     */
    record OutOfStep(LoginTransaction transaction) implements LoginOutcome {
    }

    /** The user is verified and the result handed to the protocol: continue at {@code resume}. */
    record Finished(URI resume, Optional<String> deviceCookie) implements LoginOutcome {
    }

    /** The login is gone or out of date; {@code restart} repeats the client's original request when known. */
    record Expired(Optional<URI> restart) implements LoginOutcome {
    }
}
