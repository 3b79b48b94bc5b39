package dev.passgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest SMTP server that takes Passgate's one-time codes (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA,
 * QUIT; no TLS, no AUTH): the provider is pointed at it for the benchmark, and each recipient's codes queue here.
 */
final class SmtpSink implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");
    private static final Pattern ADDRESS = Pattern.compile("<([^>]+)>");

    private final ServerSocket server;
    private final Map<String, LinkedBlockingQueue<String>> codes = new ConcurrentHashMap<>();

    SmtpSink(int port) throws IOException {
        server = new ServerSocket(port);
        Thread accept = new Thread(this::accept, "smtp-sink");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next code mailed to {@code address}, waiting up to 20 s. */
    String nextCode(String address) throws InterruptedException {
        String code = queue(address).poll(20, TimeUnit.SECONDS);
        if (code == null) {
            throw new IllegalStateException("no code mailed within 20 s: to " + address + "; is passgate.mail.smtp.host/port"
                    + " set to this machine and port " + port() + "?");
        }
        return code;
    }

    /** Drops codes mailed to {@code address} and not read (a failed login's): the next code read is the next sent. */
    void forget(String address) {
        queue(address).clear();
    }

    private LinkedBlockingQueue<String> queue(String address) {
        return codes.computeIfAbsent(address.toLowerCase(java.util.Locale.ROOT), a -> new LinkedBlockingQueue<>());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> session(socket), "smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 passgate-bench ESMTP");
            java.util.List<String> recipients = new java.util.ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 passgate-bench");
                    case "MAIL", "RSET", "NOOP" -> {
                        if (!verb.equals("NOOP")) {
                            recipients.clear();
                        }
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        Matcher m = ADDRESS.matcher(line);
                        if (m.find()) {
                            recipients.add(m.group(1));
                        }
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder body = new StringBuilder();
                        for (String data; (data = in.readLine()) != null && !data.equals(".");) {
                            body.append(data).append('\n');
                        }
                        Matcher m = CODE.matcher(body.substring(Math.max(0, body.indexOf("\n\n"))));
                        if (m.find()) {
                            recipients.forEach(r -> queue(r).add(m.group(1)));
                        }
                        reply(out, "250 OK");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Not implemented");
                }
            }
        } catch (IOException gone) {
            // the provider hung up: its next mail opens a new session
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
