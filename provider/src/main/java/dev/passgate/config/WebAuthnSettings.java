package dev.passgate.config;

import java.net.URI;
import java.util.List;

/**
 * The relying party as browsers see it.
 *
 * @param rpId    {@code passgate.webauthn.rp-id}: default the issuer's host
 * @param origins {@code passgate.webauthn.origins}: comma-separated origins allowed in client data,
 *                default the issuer's origin
 */
public record WebAuthnSettings(String rpId, List<String> origins) {

    public static WebAuthnSettings read(ConfigReader config, PassgateSettings core) {
        URI issuer = core.issuer();
        String rpId = config.string("passgate.webauthn.rp-id", issuer.getHost());
        String defaultOrigin = issuer.getScheme() + "://" + issuer.getHost()
                + (issuer.getPort() == -1 ? "" : ":" + issuer.getPort());
        List<String> origins = config.list("passgate.webauthn.origins", List.of(defaultOrigin));
        for (String origin : origins) {
            URI o = URI.create(origin);
            if (o.getHost() == null || !(o.getHost().equals(rpId) || o.getHost().endsWith("." + rpId))) {
                throw new SettingsException("passgate.webauthn.origins", "origin '" + origin
                        + "' is not the relying party id '" + rpId + "' or one of its subdomains");
            }
        }
        return new WebAuthnSettings(rpId, origins);
    }
}
