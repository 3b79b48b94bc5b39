package dev.passgate.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Payara Micro process serving the real provider WAR at the root context, started the way an
 * operator starts it. For the tests that need more than Arquillian's one container: several
 * nodes on one database, or a start-up that must fail.
 */
final class PayaraNode implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int port;

    private PayaraNode(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static PayaraNode start(String name, int port, Map<String, String> properties) throws IOException {
        return start(name, port, properties, List.of());
    }

    /** @param moreDeployments extra {@code war:context} pairs, deployed beside the provider */
    static PayaraNode start(String name, int port, Map<String, String> properties, List<String> moreDeployments)
            throws IOException {
        return start(name, port, "/", properties, moreDeployments);
    }

    /** @param contextRoot where the provider WAR is deployed ({@code /} or, say, {@code /auth}) */
    static PayaraNode start(String name, int port, String contextRoot, Map<String, String> properties,
                            List<String> moreDeployments) throws IOException {
        Path dir = Path.of(System.getProperty("it.war")).getParent().resolve("nodes").resolve(name);
        // A runtime directory left by an earlier run makes Payara Micro redeploy its old applications first,
        // answering with them (and then 404s) while the new ones load: start from a clean one.
        deleteTree(dir.resolve("root"));
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("it.war") + ":" + contextRoot, "--port", String.valueOf(port), "--nocluster",
                "--rootdir", dir.resolve("root").toString()));
        moreDeployments.forEach(d -> command.addAll(List.of("--deploy", d)));
        Path log = dir.resolve("payara.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new PayaraNode(process, log, port);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Waits until discovery answers 200; false when the process died or the time ran out. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return awaitReady(timeout, "/.well-known/openid-configuration");
    }

    /** Waits until every path answers 200 (each deployed application is up); false when the process died or time ran out. */
    boolean awaitReady(Duration timeout, String... paths) throws InterruptedException {
        // HTTP/1.1 (no h2c upgrade to go wrong on a half-started server) and a new client per round after a failure,
        // so a connection the server dropped while starting is never reused.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plus(timeout);
        int ready = 0;
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base() + paths[ready]))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 && ++ready == paths.length) {
                    return true;
                }
                if (r.statusCode() == 200) {
                    continue;
                }
            } catch (IOException notYet) {
                // still starting (or busy): a fresh client for the next try
                http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Waits until the log shows {@code text}, or the time runs out. */
    boolean awaitLog(String text, Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (log().contains(text)) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String base() {
        return "http://localhost:" + port;
    }

    /** {@code kill -9}: no shutdown hook, no request finished, as when a machine dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
