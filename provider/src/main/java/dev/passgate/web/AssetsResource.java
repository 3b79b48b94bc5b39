package dev.passgate.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The pages' stylesheet and scripts, from the WAR's classpath. Served by name from a fixed list,
 * because JAX-RS owns the root path and the container's default servlet never sees these requests.
 */
@ApplicationScoped
@Path("/assets/{name}")
public class AssetsResource {
    private static final Map<String, String> TYPES = Map.of(
            "passgate.css", "text/css; charset=utf-8",
            "form-post.js", "text/javascript; charset=utf-8",
            "login.js", "text/javascript; charset=utf-8",
            "webauthn-json.js", "text/javascript; charset=utf-8");

    @GET
    public Response asset(@PathParam("name") String name) throws IOException {
        String type = TYPES.get(name);
        if (type == null) {
            return Response.status(404).build();
        }
        try (InputStream in = AssetsResource.class.getResourceAsStream("/assets/" + name)) {
            if (in == null) {
                return Response.status(404).build();
            }
            return Response.ok(in.readAllBytes(), type).header("Cache-Control", "public, max-age=3600").build();
        }
    }
}
