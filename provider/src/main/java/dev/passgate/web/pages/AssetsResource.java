package dev.passgate.web.pages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;


/**
 * The pages' stylesheet, scripts and images: from the theme's {@code assets/} directory when
 * {@code passgate.theme.dir} has the file, else from the WAR. Served by JAX-RS because it owns the
 * root path (the container's default servlet never sees these requests). Only plain file names
 * with a known type: nothing outside the two asset directories can be reached.
 */
@ApplicationScoped
@Path("/assets/{name}")
public class AssetsResource {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "webp", "image/webp",
            "woff2", "font/woff2");

    @Inject
    PagesSettings settings;

    @GET
    public Response asset(@PathParam("name") String name) throws IOException {
        String type = NAME.matcher(name).matches() ? TYPES.get(name.substring(name.lastIndexOf('.') + 1)) : null;
        if (type == null || name.contains("..")) {
            return Response.status(404).build();
        }
        Optional<java.nio.file.Path> themed = settings.themeDir().map(d -> d.resolve("assets").resolve(name))
                .filter(Files::isRegularFile);
        byte[] body;
        if (themed.isPresent()) {
            body = Files.readAllBytes(themed.get());
        } else {
            try (InputStream in = AssetsResource.class.getResourceAsStream("/assets/" + name)) {
                if (in == null) {
                    return Response.status(404).build();
                }
                body = in.readAllBytes();
            }
        }
        return Response.ok(body, type).header("Cache-Control", "public, max-age=3600").build();
    }
}
