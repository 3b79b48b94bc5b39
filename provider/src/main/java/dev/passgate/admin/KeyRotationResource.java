package dev.passgate.admin;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.protocol.keys.SigningKeys;
import dev.passgate.protocol.token.BearerAccess;

/**
 * {@code POST /admin/keys/rotate}: new signing keys now; the old ones stay in the JWKS until the
 * tokens they signed have expired. Needs an access token with scope {@code passgate:admin}.
 */
@ApplicationScoped
@Path("/admin/keys/rotate")
public class KeyRotationResource {
    @Inject
    SigningKeys keys;
    @Inject
    BearerAccess access;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response rotate(@HeaderParam("Authorization") String authorization) {
        return access.require(authorization, "passgate:admin", () -> {
            List<String> active = keys.rotate();
            return Response.ok("{\"active_kids\":[" + String.join(",", active.stream().map(k -> "\"" + k + "\"").toList())
                    + "]}").build();
        });
    }
}
