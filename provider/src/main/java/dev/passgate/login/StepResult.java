package dev.passgate.login;

import java.util.Optional;

/**
 * What a step decided: the transaction as it should now be (possibly in a new state), an error
 * to show, a new device cookie, and for a ceremony's options the JSON the page's script needs.
 * Only {@link LoginFlow#handle} acts on it: it checks the move, saves, and answers.
 */
public record StepResult(LoginTransaction next, Optional<LoginError> error, Optional<String> deviceCookie,
                         Optional<String> json) {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();


    public static StepResult to(LoginTransaction next) {
        return new StepResult(next, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static StepResult error(LoginTransaction next, LoginError error) {
        return new StepResult(next, Optional.of(error), Optional.empty(), Optional.empty());
    }

    public StepResult withDeviceCookie(String cookie) {
        return new StepResult(next, error, Optional.ofNullable(cookie), json);
    }

    /**
     * A sign-in answered with a passkey no account holds (deleted here, or never ours): with the error, the page's
     * script tells the authenticator through the WebAuthn Signal API ({@code signalUnknownCredential}), so it stops
     * offering it. Only for a credential id the store does not know: the authenticator deletes what it is told.
     */
    public StepResult withUnknownCredential(String credentialId) {
        return new StepResult(next, error, deviceCookie, Optional.of(
                JSON.createObjectBuilder().add("unknownCredential", credentialId).build().toString()));
    }

    /** A ceremony's options ({@code PublicKeyCredentialCreationOptionsJSON} or request options) for the page. */
    public StepResult withJson(String optionsJson) {
        return new StepResult(next, error, deviceCookie, Optional.of(optionsJson));
    }
}
