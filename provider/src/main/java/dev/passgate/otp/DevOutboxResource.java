package dev.passgate.otp;

import java.time.format.DateTimeFormatter;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.web.Html;

/**
 * {@code /dev/outbox}: the one-time codes that would have been emailed or texted, for a newcomer
 * who started Passgate without an SMTP server or SMS gateway. Exists only in dev mode with no
 * channel configured; in production mode it answers 404 like any unknown address.
 */
@RequestScoped
@Path("/dev/outbox")
public class DevOutboxResource {
    @Inject
    Deliveries deliveries;

    @GET
    public Response outbox() {
        return deliveries.devOutbox().map(outbox -> {
            StringBuilder rows = new StringBuilder();
            for (OutboxMessage m : outbox.recent()) {
                rows.append("<tr><td>").append(DateTimeFormatter.ISO_INSTANT.format(m.sentAt())).append("</td><td>")
                        .append(m.channel()).append("</td><td>").append(Html.escape(m.destination())).append("</td><td>")
                        .append(Html.escape(m.message())).append("</td></tr>");
            }
            String body = "<p class=\"alert\">Development only: messages that would have been sent by email or SMS."
                    + " This page does not exist in production mode.</p>"
                    + (rows.length() == 0 ? "<p>No messages yet.</p>"
                    : "<table><thead><tr><th>Sent</th><th>Channel</th><th>To</th><th>Message</th></tr></thead><tbody>"
                    + rows + "</tbody></table>");
            return Response.ok(Html.page("Dev outbox", body), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .header("Cache-Control", "no-store").build();
        }).orElseGet(() -> Response.status(404).build());
    }
}
