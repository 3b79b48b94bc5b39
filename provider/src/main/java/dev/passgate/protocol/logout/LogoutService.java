package dev.passgate.protocol.logout;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.LogoutRequest;

import dev.passgate.audit.AuditContext;
import dev.passgate.audit.AuditEvent;
import dev.passgate.audit.AuditLog;
import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.client.ClientRegistry;
import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.protocol.token.TokenVerifier;

/**
 * OIDC RP-Initiated Logout 1.0. With a valid {@code id_token_hint} for the signed-in user the
 * logout happens at once; without one the user confirms first (§2, so a third-party page cannot
 * sign people out). {@code post_logout_redirect_uri} must be registered exactly by the client the
 * hint (or {@code client_id}) names.
 */
public final class LogoutService {
    private final ClientRegistry clients;
    private final Sessions sessions;
    private final TokenVerifier verifier;
    private final BackChannelNotifier notifier;

    /** What to do: confirm first, or done (then redirect or show the signed-out page). */
    public sealed interface Outcome {
        /** @param redirect where the confirmed logout will go (already checked), so the page may post toward it */
        record Confirm(Map<String, List<String>> params, Optional<URI> redirect) implements Outcome {
        }

        record Done(Optional<URI> redirect) implements Outcome {
        }

        /** @param messageKey what is wrong with the request, as a message key */
        record Invalid(String messageKey) implements Outcome {
        }
    }

    private final AuditLog audit;

    public LogoutService(ClientRegistry clients, Sessions sessions, TokenVerifier verifier, BackChannelNotifier notifier,
                         AuditLog audit) {
        this.audit = audit;
        this.clients = clients;
        this.sessions = sessions;
        this.verifier = verifier;
        this.notifier = notifier;
    }

    /**
     * @param confirmed the user pressed "Sign out" on our own confirmation page (CSRF-checked by the caller)
     */
    /**
     * Signs the account out everywhere: every session ends and its applications hear of it by
     * back-channel logout. For a new password or a deactivation (DESIGN.md: sessions own their tokens).
     */
    public void signOutEverywhere(String userId) {
        sessions.endAll(userId).forEach((sid, clientIds) -> notifier.notifyClients(clientIds, userId, sid));
    }

    public Outcome logout(Map<String, List<String>> params, Optional<SsoSession> session, boolean confirmed) {
        LogoutRequest request;
        try {
            request = LogoutRequest.parse(URLUtils.serializeParameters(params));
        } catch (ParseException e) {
            return new Outcome.Invalid("logout.invalid.malformed");
        }
        Optional<JWTClaimsSet> hint = request.getIDTokenHint() == null ? Optional.empty()
                : verifier.verifyIdTokenHint(request.getIDTokenHint().serialize());
        if (request.getIDTokenHint() != null && hint.isEmpty()) {
            return new Outcome.Invalid("logout.invalid.foreign-token");
        }
        Optional<String> clientId = hint.map(h -> h.getAudience().get(0))
                .or(() -> Optional.ofNullable(request.getClientID()).map(c -> c.getValue()));
        if (hint.isPresent() && request.getClientID() != null
                && !hint.get().getAudience().contains(request.getClientID().getValue())) {
            return new Outcome.Invalid("logout.invalid.two-clients");
        }
        Optional<URI> redirect = Optional.empty();
        if (request.getPostLogoutRedirectionURI() != null) {
            Optional<Client> client = clientId.flatMap(clients::find);
            if (client.isEmpty() || !client.get().hasPostLogoutRedirectUri(request.getPostLogoutRedirectionURI())) {
                return new Outcome.Invalid("logout.invalid.unregistered-redirect");
            }
            redirect = Optional.of(withState(request.getPostLogoutRedirectionURI(), request.getState()));
        }
        boolean hintMatches = hint.isPresent()
                && session.map(s -> s.userId().equals(hint.get().getSubject())).orElse(true);
        if (session.isPresent() && !hintMatches && !confirmed) {
            return new Outcome.Confirm(params, redirect);
        }
        session.ifPresent(s -> {
            List<String> told = sessions.end(s);
            notifier.notifyClients(told, s.userId(), s.sid()); // the applications hear of it whatever becomes of the trail
            // The client is named only when an ID token it gave this person proves it asked: a bare client_id, or
            // another person's token followed by a click on "Sign out", proves nothing.
            AuditContext.client(hintMatches ? hint.get().getAudience().get(0) : null);
            audit.record(new AuditEvent(java.time.Instant.now(), "logout", Optional.of(s.userId()),
                    hintMatches ? "ID_TOKEN_HINT" : "CONFIRMED", "clients=" + String.join(",", told)));
        });
        return new Outcome.Done(redirect);
    }

    private static URI withState(URI uri, State state) {
        if (state == null) {
            return uri;
        }
        String sep = uri.getRawQuery() == null ? "?" : "&";
        return URI.create(uri + sep + "state=" + URLEncoder.encode(state.getValue(), StandardCharsets.UTF_8));
    }
}
