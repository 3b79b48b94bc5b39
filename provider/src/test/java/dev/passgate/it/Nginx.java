package dev.passgate.it;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's nginx terminating TLS in front of one node, as most deployments look: a self-signed
 * certificate for {@code localhost} made here with openssl, {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} set, the upstream connection made from {@code bindAddress} (so the
 * provider can tell the proxy from the browser, both on this machine). A cookie
 * {@code test_outage=502|close} makes it fail the passkey JSON calls the way proxies do.
 */
final class Nginx implements AutoCloseable {
    static final String BINARY = "/usr/sbin/nginx";
    static final String OPENSSL = "/usr/bin/openssl";

    private final Process process;
    private final Path dir;
    final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static boolean available() {
        return new File(BINARY).canExecute() && new File(OPENSSL).canExecute();
    }

    static Nginx tls(Path dir, int port, int upstreamPort, String bindAddress) throws IOException, InterruptedException {
        return balancer(dir, port, List.of(upstreamPort), bindAddress);
    }

    /**
     * TLS in front of several nodes, round-robin with no stickiness, as a load balancer is set up for
     * Passgate: a node that refuses connections is passed over (the request goes to the next) and left
     * out for a few seconds. The access log names the node that answered each request.
     */
    static Nginx balancer(Path dir, int port, List<Integer> upstreamPorts, String bindAddress)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tmp"));
        Files.deleteIfExists(dir.resolve("access.log")); // who answered what: this run's requests only
        Process openssl = new ProcessBuilder(OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
        }
        String d = dir.toAbsolutePath().toString();
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid DIR/nginx.pid;
                error_log DIR/error.log warn;
                events { worker_connections 256; }
                http {
                  log_format upstream '$request_method $uri $status $upstream_addr';
                  access_log DIR/access.log upstream;
                  upstream passgate {
                UPSTREAMS  }
                  client_body_temp_path DIR/tmp/body;
                  proxy_temp_path DIR/tmp/proxy;
                  fastcgi_temp_path DIR/tmp/fastcgi;
                  uwsgi_temp_path DIR/tmp/uwsgi;
                  scgi_temp_path DIR/tmp/scgi;
                  server {
                    listen 127.0.0.1:PORT ssl;
                    server_name localhost;
                    ssl_certificate DIR/cert.pem;
                    ssl_certificate_key DIR/key.pem;
                    proxy_bind BIND;
                    proxy_connect_timeout 2s;
                    proxy_set_header Host $host:$server_port;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto https;
                    location /health  { return 404; }
                    location /metrics { return 404; }
                    location / {
                      proxy_pass http://passgate;
                    }
                    # An outage a test can switch on for the passkey JSON calls: nginx's own 502 page,
                    # or the connection closed without an answer (444).
                    location ~ /login/passkey/ {
                      if ($cookie_test_outage = "502") { return 502; }
                      if ($cookie_test_outage = "close") { return 444; }
                      proxy_pass http://passgate;
                    }
                  }
                }
                """.replace("DIR", d).replace("UPSTREAMS", upstreamPorts.stream()
                        .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;\n").reduce("", String::concat))
                .replace("PORT", String.valueOf(port)).replace("BIND", bindAddress));
        Process process = new ProcessBuilder(BINARY, "-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, dir, port);
        Instant deadline = Instant.now().plusSeconds(15);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        nginx.close();
        throw new IOException("nginx did not start: " + nginx.log());
    }

    String base() {
        return "https://localhost:" + port;
    }

    /** TLS that trusts this proxy's certificate and nothing else, with host name checks on. */
    SSLContext trust() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("cert.pem")))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The node ({@code 127.0.0.1:port}) that answered the last request for {@code path}, from the access log. */
    String lastUpstream(String method, String path) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("access.log"));
        for (int i = lines.size() - 1; i >= 0; i--) {
            String[] f = lines.get(i).split(" ");
            if (f.length >= 4 && f[0].equals(method) && f[1].equals(path)) {
                String[] tried = f[f.length - 1].split(",\\s*"); // "a, b" when the first refused
                return tried[tried.length - 1].trim();
            }
        }
        throw new AssertionError("no " + method + " " + path + " in the access log");
    }

    String log() {
        StringBuilder out = new StringBuilder();
        for (String f : List.of("nginx.out", "error.log")) {
            try {
                if (Files.exists(dir.resolve(f))) {
                    out.append(Files.readString(dir.resolve(f)));
                }
            } catch (IOException e) {
                out.append(e);
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

}
