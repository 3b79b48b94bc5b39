package dev.passgate.otp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.spi.JsonProvider;

/**
 * Codes by SMS through an HTTP gateway ({@code passgate.sms.webhook-url}): a POST of
 * {@code {"to": "...", "message": "..."}} with the headers
 * <ul>
 * <li>{@code X-Passgate-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes under passgate.sms.webhook-secret>},
 * so the gateway sends messages for no one but us;</li>
 * <li>{@code X-Passgate-Timestamp}: seconds since the epoch, when the request was made.</li>
 * </ul>
 * Any answer but 2xx, or none within the timeout, is a failed delivery. Redirects are not followed.
 */
public final class SmsDelivery implements CodeDelivery {
    static final String SIGNATURE_HEADER = "X-Passgate-Signature";
    static final String TIMESTAMP_HEADER = "X-Passgate-Timestamp";

    private final URI webhook;
    private final String gateway;
    private final SecretKeySpec secret;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final JsonProvider json = JsonProvider.provider();

    public SmsDelivery(URI webhook, String secret, Duration timeout, Clock clock) {
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.gateway = webhook.getHost(); // for messages: the URL may carry credentials
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the SMS gateway needs a signing secret");
        }
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void deliver(Channel channel, String destination, CodeMessage message) throws DeliveryException {
        if (channel != Channel.SMS) {
            throw new IllegalArgumentException("SMS delivery got a " + channel + " message");
        }
        byte[] body = json.createObjectBuilder()
                .add("to", destination)
                .add("message", message.text())
                .build().toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(SIGNATURE_HEADER, "sha256=" + sign(body))
                .header(TIMESTAMP_HEADER, String.valueOf(clock.instant().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new DeliveryException("SMS gateway " + gateway + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new DeliveryException("SMS gateway " + gateway + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while sending to the SMS gateway", e);
        }
        if (status < 200 || status > 299) {
            throw new DeliveryException("SMS gateway " + gateway + " answered HTTP " + status);
        }
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
