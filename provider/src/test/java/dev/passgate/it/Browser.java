package dev.passgate.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the protocol cares: keeps cookies, never follows redirects on its own, so
 * each hop can be checked.
 */
final class Browser {
    private final HttpClient http;
    private final String[] extraHeaders;
    final Map<String, String> cookies = new LinkedHashMap<>();

    /**
     * HTTP/1.1, as browsers speak to a plain-http server: the JDK client's default is to try an h2c upgrade on each
     * new connection, which Payara's Grizzly sometimes accepted and then answered in HTTP/1.1 (CommitCountIT once
     * failed on a /metrics read with "Frame type(101) exceeds MAX_FRAME_SIZE").
     */
    Browser() {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    /**
     * @param http         a client that does not follow redirects (say, one trusting a test proxy's certificate)
     * @param extraHeaders name/value pairs sent with every request
     */
    Browser(HttpClient http, String... extraHeaders) {
        this.http = http;
        this.extraHeaders = extraHeaders;
    }

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** A JSON call as the login script makes it, with its CSRF header. */
    HttpResponse<String> postJson(String url, String json, String csrfToken) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrfToken).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Follows one redirect: the Location of {@code response}, resolved against its URI. */
    HttpResponse<String> follow(HttpResponse<String> response) {
        return get(location(response).toString());
    }

    static HttpResponse<String> follow(Browser browser, HttpResponse<String> response) {
        return browser.follow(response);
    }

    static URI location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("expected a redirect, got HTTP " + response.statusCode()
                        + ": " + response.body()));
        return response.uri().resolve(location);
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The value of a hidden input in a page. */
    static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name + " in page:\n" + html);
        }
        return m.group(1).replace("&amp;", "&").replace("&quot;", "\"");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (extraHeaders.length > 0) {
            request.headers(extraHeaders);
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String[] nameValue = header.split(";", 2)[0].split("=", 2);
                boolean expired = header.toLowerCase().contains("max-age=0") || nameValue[1].isEmpty();
                if (expired) {
                    cookies.remove(nameValue[0].trim());
                } else {
                    cookies.put(nameValue[0].trim(), nameValue[1].trim());
                }
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
