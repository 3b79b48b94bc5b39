package dev.passgate.sample;

import dev.passgate.filter.OidcUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The signed-in user's profile. The filter guarantees a user here: this path is not public. */
public class ProfileServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OidcUser user = (OidcUser) request.getAttribute(OidcUser.REQUEST_ATTRIBUTE);
        if (user == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        String body = "<p>You are signed in as <strong>" + Page.escape(request.getRemoteUser()) + "</strong>.</p>"
                + "<dl>"
                + row("Name", user.name())
                + row("Email", user.email())
                + row("Authentication methods (amr)", String.join(", ", user.amr()))
                + row("Authentication context (acr)", user.acr())
                + row("Roles", String.join(", ", user.roles()))
                + row("Subject (sub)", user.subject())
                + "</dl>"
                + "<p><a href=\"" + Page.escape(request.getContextPath()) + "/logout\">Sign out</a></p>";
        Page.write(request, response, HttpServletResponse.SC_OK, "Your profile", body);
    }

    private static String row(String label, String value) {
        return "<dt>" + Page.escape(label) + "</dt><dd>"
                + (value == null || value.isEmpty() ? "<em>not provided</em>" : Page.escape(value)) + "</dd>";
    }
}
