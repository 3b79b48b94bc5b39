package dev.passgate.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** The sample's page layout and HTML escaping: every value shown goes through {@link #escape}. */
final class Page {

    private Page() {
    }

    /** Writes a complete page; {@code bodyHtml} must already be escaped. */
    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String bodyHtml) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String base = escape(request.getContextPath());
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + base + "/static/style.css\"></head><body><main>"
                + "<nav><a href=\"" + base + "/\">Home</a><a href=\"" + base + "/profile\">Profile</a>"
                + "<a href=\"" + base + "/admin\">Admin</a><a href=\"" + base + "/logout\">Sign out</a></nav>"
                + "<h1>" + escape(title) + "</h1>" + bodyHtml + "</main></body></html>\n");
    }

    static String escape(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
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
}
