package dev.passgate.it.jakartarp;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A page for any signed-in caller; what the mechanism learnt from the provider. */
@WebServlet({"/hello", "/Callback"})
@ServletSecurity(@HttpConstraint(rolesAllowed = "**"))
public class JakartaRpServlet extends HttpServlet {
    @Inject
    OpenIdContext context;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("rp " + request.getUserPrincipal().getName() + " "
                + context.getClaims().getStringClaim("email").orElse("-"));
    }
}
