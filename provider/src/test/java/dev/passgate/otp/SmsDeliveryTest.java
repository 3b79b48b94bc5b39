package dev.passgate.otp;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import dev.passgate.otp.SendRefusedException.Reason;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaOneTimeCodeStore;
import dev.passgate.security.Secrets;

/** Codes by SMS through a local HTTP gateway on 127.0.0.1. */
class SmsDeliveryTest {
    static final String SECRET = "gateway-shared-secret";
    static final Duration TIMEOUT = Duration.ofMillis(500);

    record Received(Headers headers, byte[] body) {
        JsonObject json() {
            return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
        }
    }

    final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile int status = 200;
    volatile boolean hang;
    HttpServer gateway;
    URI url;

    @BeforeEach
    void startGateway() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        gateway.setExecutor(Executors.newCachedThreadPool());
        gateway.createContext("/sms", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestHeaders(), in.readAllBytes()));
            }
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        gateway.start();
        url = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms");
    }

    @AfterEach
    void stopGateway() {
        release.countDown();
        gateway.stop(0);
    }

    @Test
    void deliverWhenGatewayAcceptsThenSignedJsonPosted() throws Exception {
        new SmsDelivery(url, SECRET, TIMEOUT, new MutableClock(now))
                .deliver(Channel.SMS, "+33612345600", new CodeMessage("", "Your Passgate verification code is 123456.", ""));

        Received r = received.poll(5, TimeUnit.SECONDS);
        JsonObject json = r.json();
        assertEquals("+33612345600", json.getString("to"));
        assertEquals("Your Passgate verification code is 123456.", json.getString("message"));
        assertEquals(2, json.size());
        assertEquals("sha256=" + hmacHex(SECRET, r.body()), r.headers().getFirst("X-Passgate-Signature"));
        assertEquals(String.valueOf(now.getEpochSecond()), r.headers().getFirst("X-Passgate-Timestamp"));
        assertTrue(r.headers().getFirst("Content-Type").startsWith("application/json"));
    }

    @Test
    void deliverWhenGatewayAnswers500ThenDeliveryException() {
        status = 500;
        DeliveryException e = assertThrows(DeliveryException.class, () -> new SmsDelivery(url, SECRET, TIMEOUT,
                new MutableClock(now)).deliver(Channel.SMS, "+33612345600", new CodeMessage("", "code 123456", "")));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertTrue(!e.getMessage().contains("123456"), "the code stays out of the message");
    }

    @Test
    void deliverWhenGatewayNeverAnswersThenDeliveryExceptionAfterTheTimeout() {
        hang = true;
        long started = System.nanoTime();
        assertThrows(DeliveryException.class, () -> new SmsDelivery(url, SECRET, TIMEOUT, new MutableClock(now))
                .deliver(Channel.SMS, "+33612345600", new CodeMessage("", "code 123456", "")));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 5000, "gave up after " + tookMillis + " ms");
    }

    @Test
    void sendWhenGatewayAnswers500ThenNoUsableCodeLeftBehind() throws Exception {
        status = 500;
        assertNoUsableCodeAfterFailedSend();
    }

    @Test
    void sendWhenGatewayTimesOutThenNoUsableCodeLeftBehind() throws Exception {
        hang = true;
        assertNoUsableCodeAfterFailedSend();
    }

    private void assertNoUsableCodeAfterFailedSend() throws Exception {
        try (Database db = TestDatabase.open()) {
            String ada = TestDatabase.createUser(db, "ada", now);
            JpaOneTimeCodeStore store = new JpaOneTimeCodeStore(db);
            OneTimeCodes codes = new OneTimeCodes(store, store, OtpSettings.defaults(), Secrets.randomBytes(32),
                    new SmsDelivery(url, SECRET, TIMEOUT, new MutableClock(now)), new MutableClock(now));
            SendRefusedException e = assertThrows(SendRefusedException.class,
                    () -> codes.send("flow-1", ada, Channel.SMS, "+33 6 12 34 56 00", Locale.ENGLISH));
            assertEquals(Reason.DELIVERY_FAILED, e.reason());

            // The gateway saw the code, and may even have sent it: it still must not verify.
            String code = new RecordingDelivery.Delivered(Channel.SMS, "", received.poll(5, TimeUnit.SECONDS)
                    .json().getString("message")).code();
            assertEquals(Check.noCode(), codes.verify("flow-1", code));
            assertTrue(store.find("flow-1").isEmpty());
        }
    }

    private static String hmacHex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
