package dev.passgate.protocol.logout;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.client.ClientRegistry;
import dev.passgate.protocol.token.TokenMinter;

/**
 * OIDC Back-Channel Logout 1.0 §2.5: a signed logout token POSTed to each client of the ended
 * session that registered a {@code backchannel_logout_uri}. Sent asynchronously with a timeout:
 * a slow or failing client is logged and never holds up the user's logout.
 */
public final class BackChannelNotifier {
    private static final Logger LOG = Logger.getLogger(BackChannelNotifier.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ClientRegistry clients;
    private final TokenMinter minter;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER) // §2.5: redirects must not be followed
            .build();

    public BackChannelNotifier(ClientRegistry clients, TokenMinter minter, Clock clock) {
        this.clients = clients;
        this.minter = minter;
        this.clock = clock;
    }

    public void notifyClients(List<String> clientIds, String subject, String sid) {
        for (String clientId : clientIds) {
            clients.find(clientId).ifPresent(client -> client.backChannelLogoutUri()
                    .ifPresent(uri -> send(client, uri, subject, sid)));
        }
    }

    private void send(Client client, URI uri, String subject, String sid) {
        String token = minter.logoutToken(client, subject, sid, clock.instant()).serialize();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "Back-channel logout to client {0} at {1} failed: {2}",
                        new Object[] {client.id(), uri, failure.toString()});
            } else if (response.statusCode() != 200 && response.statusCode() != 204) {
                LOG.log(Level.WARNING, "Back-channel logout to client {0} at {1} answered HTTP {2}",
                        new Object[] {client.id(), uri, response.statusCode()});
            }
        });
    }
}
