package dev.passgate.protocol.authorize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseMode;

import dev.passgate.web.Views;
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
        List<FormPostView.Field> fields = new ArrayList<>();
        response.toParameters().forEach((name, values) -> values.forEach(v -> fields.add(new FormPostView.Field(name, v))));
        return Views.html(200, new FormPostView(response.getRedirectionURI(), fields))
                .header("Content-Security-Policy", SecurityHeadersFilter.cspWithFormAction(false,
                        Optional.of(response.getRedirectionURI())))
                .build();
    }
}
