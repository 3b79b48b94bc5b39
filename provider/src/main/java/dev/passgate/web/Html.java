package dev.passgate.web;

/**
 * Server-rendered pages: one layout, everything reflected escaped. No inline script or style,
 * so the Content-Security-Policy can forbid both.
 */
public final class Html {
    private Html() {
    }

    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A full page. {@code body} must already be safe HTML; {@code scripts} are same-origin asset names. */
    public static String page(String title, String body, String... scripts) {
        StringBuilder s = new StringBuilder(2048);
        s.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append(" · Passgate</title>")
                .append("<link rel=\"stylesheet\" href=\"/assets/passgate.css\"></head><body>")
                .append("<main class=\"card\"><h1>").append(escape(title)).append("</h1>")
                .append(body)
                .append("</main>");
        for (String script : scripts) {
            s.append("<script src=\"/assets/").append(escape(script)).append("\" defer></script>");
        }
        return s.append("</body></html>\n").toString();
    }

    /** An error shown to a person: what happened, and what to do next. Read out by screen readers. */
    public static String alert(String message) {
        return "<p class=\"alert\" role=\"alert\">" + escape(message) + "</p>";
    }
}
