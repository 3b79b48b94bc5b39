package dev.passgate.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one way a resource answers with a page: status, HTML type, never cached, the view as entity. */
public final class Views {
    public static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    private Views() {
    }

    /** The view is rendered by {@code web/pages/PageWriter} in the person's language. */
    public static Response.ResponseBuilder html(int status, View view) {
        return Response.status(status).type(HTML).header("Cache-Control", "no-store").entity(view);
    }
}
