package dev.passgate.web;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The last line: no stack trace ever reaches a browser. Client errors JAX-RS itself raises (404,
 * 405, 415) keep their status with a plain page; anything else is logged with a reference the
 * person can quote to support.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(Html.page("Not available", Html.alert("This address does not accept this request (HTTP "
                            + status + "). Check the address, or go back and try again.")))
                    .build();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Unexpected error, reference " + reference, error);
        return Response.status(500).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Html.page("Something went wrong", Html.alert("We could not complete your request because of"
                        + " a problem on our side. Try again in a moment; if it keeps happening, contact support and"
                        + " quote reference " + reference + ".")))
                .build();
    }
}
