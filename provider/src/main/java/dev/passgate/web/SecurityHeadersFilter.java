package dev.passgate.web;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import dev.passgate.config.PassgateSettings;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers on every response: a Content-Security-Policy without inline script, no framing
 * (clickjacking), no MIME sniffing, no referrer leaking codes or state. A page that must post a
 * form elsewhere (form_post responses) widens {@code form-action} for itself only.
 */
@WebFilter(urlPatterns = "/*")
public class SecurityHeadersFilter extends HttpFilter {
    public static final String DEFAULT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /**
     * The policy for a page whose form posts, or whose form's answer redirects, to {@code target}'s
     * origin (an already checked redirect URI): CSP's {@code form-action} governs both.
     *
     * @param self whether the page's own forms post to Passgate as well
     */
    public static String cspWithFormAction(boolean self, Optional<URI> target) {
        String origin = target.filter(u -> u.getScheme() != null && u.getRawAuthority() != null)
                .map(u -> u.getScheme() + "://" + u.getRawAuthority()).orElse("");
        String sources = ((self ? "'self' " : "") + origin).trim();
        return DEFAULT_CSP.replace("form-action 'self'", "form-action " + (sources.isEmpty() ? "'none'" : sources));
    }

    @Inject
    PassgateSettings settings;
    private boolean hsts;

    /**
     * HSTS follows the issuer, not the request: behind a TLS-terminating proxy every request
     * arrives as plain http, yet the browser talks https. Only in production, so a developer's
     * {@code https://localhost} experiment does not pin their browser for a year.
     */
    @Override
    public void init() {
        hsts = !settings.mode().isDev() && "https".equals(settings.issuer().getScheme());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", DEFAULT_CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (hsts) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        chain.doFilter(request, response);
    }
}
