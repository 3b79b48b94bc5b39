package dev.passgate.filter;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * Decides what a request path is: one of the filter's own endpoints, public, or an API path.
 *
 * <p>Matching rule, for both public and API paths: an entry ending in {@code /} is a prefix
 * ({@code /static/} matches {@code /static/a.css}), except {@code /} alone, which matches the
 * application's root page only (otherwise it would make everything public); any other entry
 * matches that exact path ({@code /index.jsp}).
 */
final class PathRules {

    private final List<String> publicPaths;
    private final List<String> apiPaths;

    PathRules(FilterSettings settings) {
        this.publicPaths = settings.publicPaths();
        this.apiPaths = settings.apiPaths();
    }

    /**
     * The path within the application, as the container mapped it: servlet path plus path
     * info. Unlike the raw request URI, these are decoded and normalized by the container
     * (Servlet 6.0 §3.5.2), so {@code /static/../profile} cannot pass for a public path.
     */
    static String pathWithinApp(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    boolean isPublic(String path) {
        return matches(publicPaths, path);
    }

    boolean isApi(String path) {
        return matches(apiPaths, path);
    }

    /**
     * Script and API callers cannot follow a redirect to a sign-in page, so they get a 401:
     * anything under {@code api-paths}, anything sent with {@code X-Requested-With}, and
     * anything that asks for JSON without accepting HTML.
     */
    boolean wantsStatusCode(HttpServletRequest request, String path) {
        if (isApi(path) || request.getHeader("X-Requested-With") != null) {
            return true;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    static boolean matches(List<String> rules, String path) {
        for (String rule : rules) {
            boolean match = rule.equals("/") ? path.equals("/")
                    : rule.endsWith("/") ? path.startsWith(rule)
                    : path.equals(rule);
            if (match) {
                return true;
            }
        }
        return false;
    }
}
