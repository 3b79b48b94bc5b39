package dev.passgate.it.jakartarp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;

/**
 * A relying party we did not write: Jakarta Security 3.0's OpenID Connect mechanism as Payara
 * implements it, configured by this annotation only. The provider is found from the same system
 * property the filter reads. (On a CDI bean: in "annotated" discovery a servlet is no bean, and
 * the mechanism's definition would go unseen.)
 */
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${rpConfig.issuer}",
        clientId = "jakarta-rp",
        clientSecret = "jakarta-rp-secret-0123456789",
        redirectURI = "${baseURL}/Callback")
@Named("rpConfig")
@ApplicationScoped
public class RpConfig {
    public String getIssuer() {
        return System.getProperty("passgate.filter.issuer");
    }
}
