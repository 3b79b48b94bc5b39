package dev.passgate.web;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
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
            return Views.html(status, ErrorView.of("error.not-available.title", "error.not-available.message",
                    String.valueOf(status))).build();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Unexpected error, reference " + reference, error);
        return Views.html(500, ErrorView.of("error.unexpected.title", "error.unexpected.message", reference)).build();
    }
}
