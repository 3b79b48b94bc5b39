package dev.passgate.login.steps;

/** The login's steps, one object to inject. */
public record LoginSteps(IdentifyStep identify, PasskeyStep passkey, PasswordStep password,
                         SecondFactorStep secondFactor, OfferPasskeyStep offer,
                         NewPasswordStep newPassword) {
}
