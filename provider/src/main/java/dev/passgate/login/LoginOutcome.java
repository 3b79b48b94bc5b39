package dev.passgate.login;

import java.net.URI;
import java.util.Optional;

/** What a login step answers. The resource maps each case to HTTP; the flow never renders. */
public sealed interface LoginOutcome {

    /** Show the transaction's current step, with an error from the catalogue when there is one. */
    record Show(LoginTransaction transaction, Optional<LoginError> error, Optional<String> deviceCookie)
            implements LoginOutcome {
        public Show(LoginTransaction transaction, Optional<LoginError> error) {
            this(transaction, error, Optional.empty());
        }
    }

    /** The user is verified and the result handed to the protocol: continue at {@code resume}. */
    record Finished(URI resume, Optional<String> deviceCookie) implements LoginOutcome {
    }

    /** The login is gone or out of date; {@code restart} repeats the client's original request when known. */
    record Expired(Optional<URI> restart) implements LoginOutcome {
    }
}
