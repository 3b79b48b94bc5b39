package dev.passgate.filter;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where the user goes back to after signing in. The path is taken from the request that
 * triggered the sign-in and kept server-side, never read from a query parameter, so the
 * callback cannot be turned into an open redirect; {@link #sanitize} is the second line of
 * defence and refuses anything that a browser could read as another origin.
 */
final class ReturnPath {

    private static final int MAX_LENGTH = 2048;

    private ReturnPath() {
    }

    /**
     * The URL first requested, as a same-origin path. A GET keeps its query string; any other
     * method comes back as a GET to the same path without query, since replaying a form
     * submission's URL parameters could repeat an action the user never confirmed.
     */
    static String of(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        boolean safeMethod = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        String candidate = safeMethod && query != null ? uri + "?" + query : uri;
        return sanitize(candidate, request.getContextPath()).orElse(contextRoot(request.getContextPath()));
    }

    static String contextRoot(String contextPath) {
        return contextPath + "/";
    }

    /**
     * The candidate if it is a path inside this application, or empty. Refused: anything not
     * starting with exactly one {@code /} ({@code //evil.example} and {@code /\evil} are read by
     * browsers as another host), absolute URLs, backslashes, control characters and spaces
     * (browsers drop tab and CR/LF, turning {@code /\t/evil} into {@code //evil}), and paths
     * outside the context path.
     */
    static Optional<String> sanitize(String candidate, String contextPath) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH
                || candidate.charAt(0) != '/') {
            return Optional.empty();
        }
        if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) {
            return Optional.empty();
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\' || c > 0x7e) {
                return Optional.empty();
            }
        }
        try {
            URI uri = new URI(candidate);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String context = contextPath == null ? "" : contextPath;
        boolean inside = context.isEmpty() || candidate.equals(context)
                || candidate.startsWith(context + "/") || candidate.startsWith(context + "?");
        return inside ? Optional.of(candidate) : Optional.empty();
    }
}
