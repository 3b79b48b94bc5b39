package dev.passgate.devmode;

import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import dev.passgate.web.ClientAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.servlet.http.HttpServletRequest;

import dev.passgate.otp.Deliveries;
import dev.passgate.web.View;
import dev.passgate.web.Views;

/**
 * {@code /dev/outbox}: the one-time codes that would have been emailed or texted, for a newcomer
 * who started Passgate without an SMTP server or SMS gateway. Exists only in dev mode with no
 * channel configured; in production mode it answers 404 like any unknown address.
 */
@ApplicationScoped
@Path("/dev/outbox")
public class DevOutboxResource {
    @Inject
    Deliveries deliveries;

    /** The page's rows, newest first. */
    public record OutboxView(List<Row> messages) implements View {
        public record Row(String sentAt, String channel, String destination, String message) {
        }

        @Override
        public String template() {
            return "dev/outbox";
        }
    }

    @Context
    HttpServletRequest request;

    /** Dev mode only, and only from this machine: the codes on this page would bypass the second factor. */
    @GET
    public Response outbox() {
        // Through a proxy every request looks local: anything forwarded is refused outright, and so is a
        // Host that is not this machine (a DNS-rebinding page or a local proxy without forwarding headers).
        if (ClientAddress.forwarded(request) || !isLoopback(request.getRemoteAddr()) || !isLocalHost(request.getServerName())) {
            return Response.status(404).build();
        }
        return deliveries.devOutbox().map(outbox -> Views.html(200, new OutboxView(outbox.recent().stream()
                        .map(m -> new OutboxView.Row(DateTimeFormatter.ISO_INSTANT.format(m.sentAt()), m.channel().name(),
                                m.destination(), m.message()))
                        .toList())).build())
                .orElseGet(() -> Response.status(404).build());
    }

    static boolean isLocalHost(String host) {
        String h = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost")
                || dev.passgate.web.Cidr.literal(h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h)
                        .map(java.net.InetAddress::isLoopbackAddress).orElse(false);
    }

    static boolean isLoopback(String address) {
        return dev.passgate.web.Cidr.literal(address).map(java.net.InetAddress::isLoopbackAddress).orElse(false);
    }
}
