package dev.passgate.filter;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;

/**
 * What {@code request.getUserPrincipal()} returns for a signed-in user. Its name is
 * {@link OidcUser#username()}; the full user is one cast away.
 *
 * @param user the signed-in user
 */
public record OidcPrincipal(OidcUser user) implements Principal, Serializable {

    public OidcPrincipal {
        Objects.requireNonNull(user, "user");
    }

    @Override
    public String getName() {
        return user.username();
    }
}
