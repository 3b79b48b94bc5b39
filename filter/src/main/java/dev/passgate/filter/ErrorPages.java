package dev.passgate.filter;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Writes a {@link Problem} as a small self-contained HTML page (or JSON for API callers),
 * never a stack trace. Everything that comes from outside (the provider's error description,
 * links) is escaped.
 */
final class ErrorPages {

    private ErrorPages() {
    }

    /**
     * @param detail   extra text shown under the message (e.g. the provider's error code), or null
     * @param retryUrl where the action link goes (a same-origin path), or null for no link
     */
    static void html(HttpServletResponse response, Problem problem, String detail, String retryUrl)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status);
        noStore(response);
        if (problem == Problem.PROVIDER_UNAVAILABLE) {
            response.setHeader("Retry-After", "60");
        }
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(problem.title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
                + "padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2rem}</style>"
                + "</head><body><main>"
                + "<h1>" + escape(problem.title) + "</h1>"
                + "<p role=\"alert\">" + escape(problem.message) + "</p>");
        if (detail != null && !detail.isBlank()) {
            out.print("<p>Details: <code>" + escape(detail) + "</code></p>");
        }
        if (retryUrl != null) {
            out.print("<p><a href=\"" + escape(retryUrl) + "\">" + escape(problem.action) + "</a></p>");
        }
        out.print("</main></body></html>\n");
    }

    /** The same problem for a script or API caller. */
    static void json(HttpServletResponse response, Problem problem, String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status);
        noStore(response);
        if (problem == Problem.SIGN_IN_REQUIRED) {
            // RFC 9110 §11.6.1: a 401 carries a challenge.
            response.setHeader("WWW-Authenticate", "Bearer realm=\"passgate\", error=\"login_required\"");
        }
        if (problem == Problem.PROVIDER_UNAVAILABLE) {
            response.setHeader("Retry-After", "60");
        }
        response.setContentType("application/json;charset=UTF-8");
        String description = problem.message + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
        response.getWriter().print("{\"error\":\"" + jsonEscape(problem.code)
                + "\",\"error_description\":\"" + jsonEscape(description) + "\"}");
    }

    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
