package dev.passgate.protocol.cors;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * CORS for the endpoints a browser-based public client calls ({@link CorsPolicy}): the allowed
 * origin echoed, preflights answered here (they carry no credentials and reach no resource), and
 * a preflight from any other origin refused. Responses vary by {@code Origin}, so no cache hands
 * one origin's answer to another.
 */
@WebFilter(urlPatterns = {"/.well-known/*", "/jwks", "/token", "/userinfo", "/revoke"})
public class CorsFilter extends HttpFilter {
    @Inject
    CorsPolicy policy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String origin = request.getHeader("Origin");
        Optional<String> allowed = policy.allowed(path, origin);
        if (policy.covers(path)) {
            response.addHeader("Vary", "Origin");
        }
        boolean preflight = "OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            if (allowed.isEmpty()) {
                response.setStatus(403);
                return;
            }
            response.setHeader("Access-Control-Allow-Origin", allowed.get());
            response.setHeader("Access-Control-Allow-Methods", "GET, POST");
            response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
            response.setHeader("Access-Control-Max-Age", "600");
            response.setStatus(204);
            return;
        }
        allowed.ifPresent(o -> {
            response.setHeader("Access-Control-Allow-Origin", o);
            response.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate");
        });
        chain.doFilter(request, response);
    }
}
