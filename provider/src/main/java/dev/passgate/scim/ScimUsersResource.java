package dev.passgate.scim;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import dev.passgate.config.PassgateSettings;
import dev.passgate.user.User;
import dev.passgate.protocol.token.BearerAccess;

/**
 * {@code /scim/v2/Users}, for provisioning systems. Every call needs an access token with scope
 * {@code scim} (from the client_credentials grant of a client allowed that scope).
 */
@ApplicationScoped
@Path("/scim/v2/Users")
public class ScimUsersResource {
    static final String SCIM_JSON = "application/scim+json";
    private static final int MAX_PAGE = 200;

    @Inject
    ScimUsers scim;
    @Inject
    BearerAccess access;
    @Inject
    PassgateSettings settings;

    @POST
    public Response create(@HeaderParam("Authorization") String auth, String body) {
        return guarded(auth, () -> {
            User user = scim.create(ScimJson.parseObject(body));
            return Response.created(location(user)).entity(json(user).toString());
        });
    }

    @GET
    public Response list(@HeaderParam("Authorization") String auth, @QueryParam("filter") String filter,
                         @QueryParam("startIndex") @DefaultValue("1") String startIndex,
                         @QueryParam("count") @DefaultValue("100") String count) {
        return guarded(auth, () -> {
            int start = Math.max(1, number("startIndex", startIndex));
            int size = Math.min(MAX_PAGE, Math.max(0, number("count", count)));
            List<JsonObject> page = scim.list(filter, start, size).stream().map(this::json).toList();
            return Response.ok(ScimJson.list(page, scim.total(filter), start).toString());
        });
    }

    @GET
    @Path("{id}")
    public Response get(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        return guarded(auth, () -> Response.ok(json(scim.get(id)).toString()));
    }

    @PUT
    @Path("{id}")
    public Response replace(@HeaderParam("Authorization") String auth, @PathParam("id") String id, String body) {
        return guarded(auth, () -> Response.ok(json(scim.replace(id, ScimJson.parseObject(body))).toString()));
    }

    @PATCH
    @Path("{id}")
    public Response patch(@HeaderParam("Authorization") String auth, @PathParam("id") String id, String body) {
        return guarded(auth, () -> Response.ok(json(scim.patch(id, ScimJson.parseObject(body))).toString()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        return guarded(auth, () -> {
            scim.delete(id);
            return Response.noContent();
        });
    }

    private Response guarded(String auth, Supplier<Response.ResponseBuilder> action) {
        return access.require(auth, "scim", () -> {
            try {
                return action.get().type(SCIM_JSON).header("Cache-Control", "no-store").build();
            } catch (ScimException e) {
                return Response.status(e.status()).type(SCIM_JSON).entity(ScimJson.error(e).toString()).build();
            }
        });
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be a whole number");
        }
    }

    private URI location(User user) {
        return settings.endpoint("/scim/v2/Users/" + user.id());
    }

    private JsonObject json(User user) {
        return ScimJson.user(user, location(user).toString());
    }
}
