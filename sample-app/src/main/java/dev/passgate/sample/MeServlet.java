package dev.passgate.sample;

import dev.passgate.filter.OidcUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The signed-in user as JSON. {@code /api/} is an API path: the filter answers 401 itself
 * when nobody is signed in, so scripts get a status code rather than a sign-in page.
 */
public class MeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        OidcUser user = (OidcUser) request.getAttribute(OidcUser.REQUEST_ATTRIBUTE);
        if (user == null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.getWriter().print("{\"error\":\"login_required\"}");
            return;
        }
        response.getWriter().print("{"
                + "\"sub\":" + string(user.subject())
                + ",\"username\":" + string(user.username())
                + ",\"name\":" + string(user.name())
                + ",\"email\":" + string(user.email())
                + ",\"amr\":" + array(user.amr())
                + ",\"acr\":" + string(user.acr())
                + ",\"roles\":" + array(user.roles())
                + ",\"expires_at\":" + user.expiresAt().getEpochSecond()
                + "}");
    }

    private static String array(Collection<String> values) {
        return values.stream().map(MeServlet::string).collect(Collectors.joining(",", "[", "]"));
    }

    /** A JSON string literal, or null. */
    static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
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
        return out.append('"').toString();
    }
}
