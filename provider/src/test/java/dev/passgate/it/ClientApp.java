package dev.passgate.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a web application behind the provider: the callback page a browser lands on ("Back at
 * the client"), and the clients file that registers it (client {@code web}, and {@code provisioning}
 * with the SCIM scope for the tests' own set-up).
 */
final class ClientApp {
    private ClientApp() {
    }

    /** Serves {@code /cb} on {@code server}. @return the callback URL */
    static String callback(HttpServer server) {
        server.createContext("/cb", exchange -> {
            byte[] page = "<!doctype html><title>Client</title><h1>Back at the client</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        return "http://localhost:" + server.getAddress().getPort() + "/cb";
    }

    /** Writes the clients file into {@code dir}. @return its path, for {@code passgate.clients-file} */
    static Path clientsFile(Path dir, String callback) throws IOException {
        Files.createDirectories(dir);
        Path clients = dir.resolve("clients.json");
        Files.writeString(clients, "[{\"client_id\":\"web\",\"client_secret\":\"web-secret-0123456789\","
                + "\"grant_types\":[\"authorization_code\"],\"redirect_uris\":[\"" + callback + "\"]},"
                + "{\"client_id\":\"provisioning\",\"client_secret\":\"provisioning-secret-0123456789\","
                + "\"grant_types\":[\"client_credentials\"],\"scope\":\"scim\"}]");
        return clients;
    }
}
