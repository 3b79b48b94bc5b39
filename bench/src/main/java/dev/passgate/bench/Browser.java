package dev.passgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One virtual user's browser: its own cookies, no redirects followed (each hop is a request the flow makes). */
final class Browser {
    private final HttpClient http;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Browser(HttpClient http) {
        this.http = http;
    }

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, Map<String, String> form) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** A form post with HTTP Basic client authentication (RFC 6749 §2.3.1). */
    HttpResponse<String> postBasic(String url, Map<String, String> form, String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(form(form))));
    }

    /** A JSON call as the login page's script makes it. */
    HttpResponse<String> postJson(String url, String json, String csrf) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            for (String header : r.headers().allValues("Set-Cookie")) {
                String[] pair = header.split(";", 2)[0].split("=", 2);
                if (pair.length == 2 && !pair[1].isEmpty() && !header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                    cookies.put(pair[0].trim(), pair[1]);
                } else {
                    cookies.remove(pair[0].trim());
                }
            }
            return r;
        } catch (IOException e) {
            throw new Failure("network: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    static URI location(HttpResponse<String> r) {
        return r.uri().resolve(r.headers().firstValue("Location")
                .orElseThrow(() -> new Failure("expected a redirect, got " + r.statusCode() + " from " + r.uri() + ": "
                        + (r.body() == null ? "" : r.body().replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " ").strip()))));
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** A hidden form field of a page. */
    static String hidden(String html, String name) {
        return find(html, "name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"", name).replace("&amp;", "&");
    }

    /** A string member of a JSON object we know the shape of (the bench reads only what Passgate writes). */
    static String json(String body, String member) {
        return find(body, "\"" + Pattern.quote(member) + "\"\\s*:\\s*\"([^\"]*)\"", member);
    }

    static String query(URI uri, String name) {
        return URLDecoder.decode(find("&" + uri.getRawQuery(), "&" + Pattern.quote(name) + "=([^&]*)", name));
    }

    private static String find(String text, String regex, String what) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new Failure("no " + what + " in: " + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
        }
        return m.group(1);
    }

    private static final class URLDecoder {
        static String decode(String s) {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    /** A flow that did not go as Passgate answers a well-behaved client: counted as an error. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
