package dev.passgate.web;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The last line: no stack trace ever reaches a browser. Client errors JAX-RS itself raises (404,
 * 405, 415) keep their status with a plain page; anything else is logged with a reference the
 * person can quote to support.
 *
 * <p>A database that cannot be reached (restarting, failed over, network gone) is not a defect: the
 * answer is 503 with {@code Retry-After}, a page that says to try again in a moment, or for the
 * OAuth endpoints {@code temporarily_unavailable} in their JSON. Nothing was half-written: every
 * change runs in one transaction, which the database rolled back.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());
    private static final String RETRY_AFTER_SECONDS = "5";
    /** The endpoints applications call, which answer OAuth error JSON; the rest are pages (and login.js reads a page as "unavailable"). */
    private static final java.util.Set<String> OAUTH_JSON = java.util.Set.of("token", "userinfo", "introspect", "revoke");

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return Views.html(status, ErrorView.of("error.not-available.title", "error.not-available.message",
                    String.valueOf(status))).build();
        }
        if (databaseUnreachable(error)) {
            if (poolExhausted(error)) { // the database answers, but every connection is busy: overload, worth a look
                LOG.severe(() -> "No database connection free within the pool's timeout (overload?), answered 503: "
                        + rootMessage(error));
            } else {
                LOG.warning(() -> "Database unreachable, answered 503: " + rootMessage(error));
            }
            return unavailable();
        }
        String contention = contention(error);
        if (contention != null) {
            // A request run in one unit is rolled back whole, so trying again is safe; a step run call by call (a code
            // sent, a password checked) may have committed part of its work, which its own caps and throttles bound.
            // Logged in full, with a reference: a lock-order defect that recurs must not pass for passing contention.
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.WARNING, "Two requests met on the same rows and the database ended one (SQLSTATE " + contention
                    + "), answered 503, reference " + reference, error);
            return unavailable();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Unexpected error, reference " + reference, error);
        return Views.html(500, ErrorView.of("error.unexpected.title", "error.unexpected.message", reference)).build();
    }

    private Response unavailable() {
        if (speaksOAuthJson()) {
            return Response.status(503).header("Retry-After", RETRY_AFTER_SECONDS).header("Cache-Control", "no-store")
                    .type(MediaType.APPLICATION_JSON_TYPE).entity("{\"error\":\"temporarily_unavailable\","
                            + "\"error_description\":\"The service is briefly unavailable. Try again in a few seconds.\"}")
                    .build();
        }
        return Views.html(503, ErrorView.of("error.unavailable.title", "error.unavailable.message"))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /**
     * The SQLSTATE when the database ended this request's transaction because another held what it needed: a deadlock
     * (40P01; PostgreSQL ends one of two requests that lock the same rows in opposite orders), a serialization failure
     * (40001) or a lock not granted (55P03). Nothing of the request remains, and trying again a moment later works.
     */
    public static String contention(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && java.util.Set.of("40P01", "40001", "55P03").contains(sql.getSQLState())) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private boolean speaksOAuthJson() {
        try {
            String path = uri.getPath();
            String first = path.replaceFirst("^/+", "").split("/", 2)[0];
            return OAUTH_JSON.contains(first);
        } catch (RuntimeException outsideARequest) {
            return false;
        }
    }

    /**
     * A connection could not be had or was lost: the pool timed out waiting (PostgreSQL down), or the driver
     * reports a connection exception (SQLSTATE class 08) or an operator intervention (57P: shut down, restarting).
     * EclipseLink and JPA keep the driver's exception as the cause, so the chain is enough.
     */
    static boolean databaseUnreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** The pool timed out with no connection failure behind it: all connections were busy. */
    static boolean poolExhausted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException && t.getCause() == null) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
