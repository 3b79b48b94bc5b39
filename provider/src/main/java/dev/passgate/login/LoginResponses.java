package dev.passgate.login;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import dev.passgate.login.steps.LoginSteps;
import dev.passgate.otp.Channel;
import dev.passgate.protocol.client.ClientRegistry;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;
import dev.passgate.web.Cookies;
import dev.passgate.web.SecurityHeadersFilter;

/** Turns login outcomes into HTTP: pages, the redirect back to the protocol, the device cookie. */
public final class LoginResponses {
    static final Duration DEVICE_COOKIE_LIFE = Duration.ofDays(400);

    private final LoginPages pages;
    private final LoginSteps steps;
    private final DeviceCookie deviceCookie;
    private final ClientRegistry clients;
    private final UserStore users;
    private final Cookies cookies;

    public LoginResponses(LoginPages pages, LoginSteps steps, DeviceCookie deviceCookie, ClientRegistry clients,
                          UserStore users, Cookies cookies) {
        this.pages = pages;
        this.steps = steps;
        this.deviceCookie = deviceCookie;
        this.clients = clients;
        this.users = users;
        this.cookies = cookies;
    }

    public Optional<LoginContext> open(LoginFlow flow, String id, String bound, String device, HttpServletRequest request) {
        return flow.open(id, bound, deviceCookie.read(device), request.getRemoteAddr());
    }

    public Response render(LoginOutcome outcome, LoginContext ctx) {
        if (outcome instanceof LoginOutcome.Finished f) {
            Response.ResponseBuilder out = Response.seeOther(f.resume()).header("Cache-Control", "no-store");
            f.deviceCookie().ifPresent(c -> out.cookie(device(c)));
            return out.build();
        }
        if (outcome instanceof LoginOutcome.Expired e) {
            return html(400, LoginPages.expired(e.restart()));
        }
        LoginOutcome.Show show = (LoginOutcome.Show) outcome;
        LoginTransaction tx = show.transaction();
        Optional<User> user = tx.userId().flatMap(users::findById);
        Set<Channel> channels = user.map(u -> steps.secondFactor().channels(u)).orElse(Set.of());
        Optional<String> masked = tx.otpChannel().flatMap(Channel::parse).flatMap(c -> user.map(u ->
                c.mask(c == Channel.EMAIL ? u.email() : u.phone())));
        String clientName = clients.find(ctx.interaction().clientId())
                .map(c -> c.metadata().getName() == null ? c.id() : c.metadata().getName()).orElse("");
        String page = pages.render(new LoginPages.View(ctx.interactionId(), tx, show.error(), clientName, channels, masked,
                tx.state() == LoginState.OFFER_PASSKEY && steps.offer().atLimit(tx)));
        Response.ResponseBuilder out = Response.status(show.error().map(LoginError::status).orElse(200))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store").entity(page)
                .header("Content-Security-Policy", formActionAlso(ctx));
        show.deviceCookie().ifPresent(c -> out.cookie(device(c)));
        return out.build();
    }

    public Response expired(Optional<java.net.URI> restart) {
        return html(400, LoginPages.expired(restart));
    }

    /**
     * CSP's form-action also governs the redirects that follow a form post, and the login's last
     * form ends at the client's redirect URI: allow that one origin (already checked against the
     * client's registration), nothing else.
     */
    static String formActionAlso(LoginContext ctx) {
        String origin = ctx.interaction().param("redirect_uri").map(java.net.URI::create)
                .filter(u -> u.getScheme() != null && u.getRawAuthority() != null)
                .map(u -> " " + u.getScheme() + "://" + u.getRawAuthority()).orElse("");
        return SecurityHeadersFilter.DEFAULT_CSP.replace("form-action 'self'", "form-action 'self'" + origin);
    }

    NewCookie device(String value) {
        return cookies.set(DeviceCookie.NAME, value, DEVICE_COOKIE_LIFE);
    }

    private static Response html(int status, String page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(page).build();
    }
}
