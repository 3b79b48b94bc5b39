package dev.passgate.protocol.authorize;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseMode;

import dev.passgate.web.Html;
import dev.passgate.web.SecurityHeadersFilter;

/**
 * Delivers an authorization response to the client: a 303 redirect with the parameters in the
 * query, or for {@code response_mode=form_post} (OAuth 2.0 Form Post Response Mode) a page that
 * posts them. The page's script is a same-origin file, so the CSP still forbids inline script.
 */
public class AuthorizationResponder {

    public Response respond(AuthorizationResponse response) {
        if (ResponseMode.FORM_POST.equals(response.impliedResponseMode())) {
            return formPost(response);
        }
        return Response.seeOther(response.toURI()).header("Cache-Control", "no-store").build();
    }

    private static Response formPost(AuthorizationResponse response) {
        String target = response.getRedirectionURI().toString();
        StringBuilder fields = new StringBuilder();
        for (Map.Entry<String, List<String>> p : response.toParameters().entrySet()) {
            for (String value : p.getValue()) {
                fields.append("<input type=\"hidden\" name=\"").append(Html.escape(p.getKey())).append("\" value=\"")
                        .append(Html.escape(value)).append("\">");
            }
        }
        String body = "<form id=\"form-post\" method=\"post\" action=\"" + Html.escape(target) + "\">" + fields
                + "<p>Returning you to the application…</p><button type=\"submit\">Continue</button></form>";
        String origin = response.getRedirectionURI().getScheme() + "://" + response.getRedirectionURI().getRawAuthority();
        return Response.ok(Html.page("Signing you in", body, "form-post.js"))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", SecurityHeadersFilter.DEFAULT_CSP
                        .replace("form-action 'self'", "form-action " + origin))
                .build();
    }
}
