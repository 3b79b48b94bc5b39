package dev.passgate.filter;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the filter reads off a request: this application's absolute URLs, built from the
 * request's scheme, host and port, and the parameters in the shape Nimbus parses. Behind a
 * TLS-terminating proxy the container must be told the public scheme and host (e.g.
 * Payara's or Tomcat's proxy settings), otherwise redirect_uri will not match the registration.
 */
final class Requests {

    private Requests() {
    }

    /** {@code scheme://host[:port]}, the port left out when it is the scheme's default. */
    static String origin(HttpServletRequest request) {
        String scheme = request.getScheme();
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0
                || ("http".equalsIgnoreCase(scheme) && port == 80)
                || ("https".equalsIgnoreCase(scheme) && port == 443);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** The redirect_uri: origin + context path + callback path. */
    static URI callback(HttpServletRequest request, FilterSettings settings) {
        return URI.create(origin(request) + request.getContextPath() + settings.callbackPath());
    }

    /** Query and form parameters, for Nimbus's {@code parse(Map)} methods. */
    static Map<String, List<String>> parameters(HttpServletRequest request) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, Arrays.asList(values)));
        return parameters;
    }

    /** The application's root URL, with a trailing slash. */
    static URI contextRoot(HttpServletRequest request) {
        return URI.create(origin(request) + ReturnPath.contextRoot(request.getContextPath()));
    }
}
