package dev.passgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A page for administrators only, checked the standard servlet way: {@code isUserInRole}. */
public class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String ROLE = "admin";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.isUserInRole(ROLE)) {
            Page.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Administrators only",
                    "<p role=\"alert\">You are signed in as <strong>" + Page.escape(request.getRemoteUser())
                            + "</strong>, but this page needs the <code>admin</code> role, which your account "
                            + "doesn't have.</p><p>Ask an administrator to give you that role, then sign out "
                            + "and sign in again so the change takes effect.</p>");
            return;
        }
        Page.write(request, response, HttpServletResponse.SC_OK, "Admin",
                "<p>Welcome, " + Page.escape(request.getRemoteUser())
                        + ". You have the <code>admin</code> role.</p>");
    }
}
