package dev.passgate.login.web;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginOutcome;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.steps.LoginSteps;
import dev.passgate.otp.Channel;
import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.client.ClientRegistry;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;
import dev.passgate.web.Cookies;
import dev.passgate.web.ErrorView;
import dev.passgate.web.Views;
import dev.passgate.web.SecurityHeadersFilter;

/** Turns login outcomes into HTTP: pages, the redirect back to the protocol, the device cookie. */
public final class LoginResponses {
    static final Duration DEVICE_COOKIE_LIFE = Duration.ofDays(400);

    private final LoginGate gate;
    private final LoginSteps steps;
    private final ClientRegistry clients;
    private final UserStore users;
    private final Cookies cookies;
    private final String issuer;

    /** @param issuer the issuer without trailing slash: every URL the login hands out starts with it */
    public LoginResponses(LoginGate gate, LoginSteps steps, ClientRegistry clients, UserStore users, Cookies cookies,
                          String issuer) {
        this.issuer = issuer;
        this.gate = gate;
        this.steps = steps;
        this.clients = clients;
        this.users = users;
        this.cookies = cookies;
    }

    public Response render(LoginOutcome outcome, LoginContext ctx) {
        if (outcome instanceof LoginOutcome.Finished f) {
            Response.ResponseBuilder out = Response.seeOther(absolute(f.resume())).header("Cache-Control", "no-store");
            f.deviceCookie().ifPresent(c -> out.cookie(device(c)));
            return out.build();
        }
        if (outcome instanceof LoginOutcome.Expired e) {
            return expired(e.restart());
        }
        if (outcome instanceof LoginOutcome.OutOfStep) { // a stale tab or a double submit: show where the login is
            return Response.seeOther(java.net.URI.create(page(ctx))).build();
        }
        LoginOutcome.Show show = (LoginOutcome.Show) outcome;
        LoginTransaction tx = show.transaction();
        Optional<User> user = tx.userId().flatMap(users::findById);
        Set<Channel> channels = user.map(u -> steps.secondFactor().channels(u)).orElse(Set.of());
        Optional<String> masked = tx.otpChannel().flatMap(Channel::parse).flatMap(c -> user.map(u ->
                c.mask(c == Channel.EMAIL ? u.email() : u.phone())));
        String clientName = clients.find(ctx.interaction().clientId())
                .map(Client::displayName).orElse("");
        boolean offer = tx.state() == LoginState.OFFER_PASSKEY;
        Optional<dev.passgate.passkey.Passkey> broken = offer ? steps.offer().broken(tx, ctx.device()) : Optional.empty();
        LoginView view = LoginView.of(ctx, tx, gate.token(ctx.interactionId()), show.error(), clientName,
                channels, masked, offer && steps.offer().atLimit(tx, broken), broken);
        // An error that moved the login on (to the password, say) is a notice above the next step: that page is a 200.
        boolean movedOn = tx.state() != ctx.transaction().state();
        Response.ResponseBuilder out = Views.html(movedOn ? 200 : show.error().map(LoginError::status).orElse(200), view)
                .header("Content-Security-Policy", formActionAlso(ctx));
        show.deviceCookie().ifPresent(c -> out.cookie(device(c)));
        return out.build();
    }

    public Response expired(Optional<java.net.URI> restart) {
        ErrorView view = ErrorView.of("session_expired.title", "session_expired.message").restartAt(restart);
        return Views.html(400, restart.isPresent() ? view : view.next("error.go-back")).build();
    }

    /**
     * CSP's form-action also governs the redirects that follow a form post, and the login's last
     * form ends at the client's redirect URI: allow that one origin (already checked against the
     * client's registration), nothing else.
     */
    static String formActionAlso(LoginContext ctx) {
        return SecurityHeadersFilter.cspWithFormAction(true, ctx.interaction().param("redirect_uri").map(java.net.URI::create));
    }

    /** The login's page, wherever it stands now. */
    String page(LoginContext ctx) {
        return absolute(java.net.URI.create("/login?interaction=" + ctx.interactionId())).toString();
    }

    /**
     * A path of ours as the browser must see it: under the issuer (its scheme, host and path, so
     * behind a TLS proxy and at any context root), never built from the request.
     */
    public java.net.URI absolute(java.net.URI uri) {
        return uri.isAbsolute() ? uri : java.net.URI.create(issuer + uri);
    }

    NewCookie device(String value) {
        return cookies.set(DeviceCookie.NAME, value, DEVICE_COOKIE_LIFE);
    }
}
