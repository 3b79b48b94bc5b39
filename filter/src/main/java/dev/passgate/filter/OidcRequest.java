package dev.passgate.filter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;

/**
 * The application's view of a signed-in user's request: the standard servlet security
 * methods answer from the ID token, so existing code using {@code getRemoteUser()} or
 * {@code isUserInRole()} works unchanged.
 */
final class OidcRequest extends HttpServletRequestWrapper {

    /** Servlet 6.0 §13.3: the role name {@code **} means "any authenticated user". */
    private static final String ANY_AUTHENTICATED_USER = "**";

    private volatile OidcUser user;
    private volatile OidcPrincipal principal;

    OidcRequest(HttpServletRequest request, OidcUser user) {
        super(request);
        this.user = user;
        this.principal = new OidcPrincipal(user);
        request.setAttribute(OidcUser.REQUEST_ATTRIBUTE, user);
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        OidcUser current = user;
        return current == null ? null : current.username();
    }

    @Override
    public boolean isUserInRole(String role) {
        OidcUser current = user;
        return current != null && role != null
                && (current.hasRole(role) || ANY_AUTHENTICATED_USER.equals(role));
    }

    @Override
    public String getAuthType() {
        return user == null ? null : "OIDC";
    }

    /** Ends the local sign-in only; the logout path also ends the provider's session. */
    @Override
    public void logout() {
        HttpSession session = getSession(false);
        if (session != null) {
            try {
                session.removeAttribute(SignedInSession.ATTRIBUTE);
            } catch (IllegalStateException alreadyInvalidated) {
                // nothing left to sign out of
            }
        }
        removeAttribute(OidcUser.REQUEST_ATTRIBUTE);
        user = null;
        principal = null;
    }
}
