package dev.passgate.web;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

/** Between JAX-RS and Nimbus: every protocol message is parsed and written by Nimbus, never by hand. */
public final class NimbusHttp {
    private NimbusHttp() {
    }

    public static HTTPRequest request(HttpServletRequest servlet, String body) {
        URL url;
        try {
            url = new URL(servlet.getRequestURL().toString());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.valueOf(servlet.getMethod()), url);
        for (String name : Collections.list(servlet.getHeaderNames())) {
            request.setHeader(name, Collections.list(servlet.getHeaders(name)).toArray(String[]::new));
        }
        if (servlet.getQueryString() != null && !"POST".equals(servlet.getMethod())) {
            request.appendQueryString(servlet.getQueryString());
        }
        if (body != null && !body.isEmpty()) {
            request.setBody(body);
        }
        return request;
    }

    public static Response response(HTTPResponse nimbus) {
        Response.ResponseBuilder out = Response.status(nimbus.getStatusCode());
        for (Map.Entry<String, List<String>> h : nimbus.getHeaderMap().entrySet()) {
            for (String value : h.getValue()) {
                out.header(h.getKey(), value);
            }
        }
        if (nimbus.getBody() != null) {
            out.entity(nimbus.getBody());
        }
        // RFC 6749 §5.1: token responses must not be cached; the same holds for every protocol answer.
        if (nimbus.getHeaderValue("Cache-Control") == null) {
            out.header("Cache-Control", "no-store");
        }
        return out.build();
    }
}
