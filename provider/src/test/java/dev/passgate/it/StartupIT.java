package dev.passgate.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A bad configuration stops start-up with a message naming what to fix, instead of a half-working provider. */
class StartupIT {

    @Test
    void startWhenClientsFileInvalidThenRefusedWithTheReason() throws Exception {
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/bad-clients");
        Files.createDirectories(dir);
        Path clients = dir.resolve("clients.json");
        Files.writeString(clients, "[{\"client_id\": \"broken\", \"token_endpoint_auth_method\": \"client_secret_basic\","
                + " \"redirect_uris\": [\"https://app.example/cb\"]}]");
        int port = Integer.getInteger("it.nodeA");
        try (PayaraNode node = PayaraNode.start("bad-clients", port, Map.of(
                "passgate.issuer", "http://localhost:" + port,
                "passgate.clients-file", clients.toString(),
                "passgate.data-dir", dir.resolve("data").toString()))) {
            assertTrue(node.awaitLog("client_id 'broken'", Duration.ofSeconds(150)), node::log);
            assertTrue(node.log().contains("needs client_secret"), node::log);
            assertFalse(node.awaitReady(Duration.ofSeconds(3)), "the provider must not serve with a broken clients file");
        }
    }

    /** Issue 7: a theme template that cannot render stops the deployment with the file and line, not a login later. */
    @Test
    void startWhenThemeTemplateBrokenThenRefusedNamingTheFileAndLine() throws Exception {
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes/bad-theme");
        Files.createDirectories(dir.resolve("theme/templates/login"));
        Files.writeString(dir.resolve("theme/templates/login/password.html"),
                "<!DOCTYPE html>\n<html>\n<p th:text=\"${view.identifier\">broken</p>\n</html>\n");
        int port = Integer.getInteger("it.nodeB");
        try (PayaraNode node = PayaraNode.start("bad-theme", port, Map.of(
                "passgate.issuer", "http://localhost:" + port,
                "passgate.theme.dir", dir.resolve("theme").toString(),
                "passgate.data-dir", dir.resolve("data").toString()))) {
            assertTrue(node.awaitLog("passgate.theme.dir", Duration.ofSeconds(150)), node::log);
            assertTrue(node.log().contains("login/password.html") && node.log().contains("line 3"), node::log);
            assertFalse(node.awaitReady(Duration.ofSeconds(3)), "the provider must not serve with a broken theme");
        }
    }
}
