package dev.passgate.login;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.interaction.Acr;
import dev.passgate.interaction.Interaction;
import dev.passgate.interaction.InteractionStore;
import dev.passgate.interaction.LoginResult;
import dev.passgate.password.PasswordHasher;
import dev.passgate.security.Secrets;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;
import dev.passgate.web.Html;

/**
 * The provisional login: identifier and password on one page. It shows the hand-over the
 * passkey-first login will use: find the interaction the protocol paused, verify the user, record
 * a {@link LoginResult}, and send the browser back to {@code /authorize/resume}.
 */
@RequestScoped
@Path("/login")
public class PasswordLoginResource {
    private static final String CSRF_PURPOSE = "login";

    @Inject
    InteractionStore interactions;
    @Inject
    UserStore users;
    @Inject
    PasswordHasher hasher;
    @Inject
    Csrf csrf;
    @Inject
    Clock clock;

    @GET
    public Response form(@QueryParam("interaction") String id, @CookieParam(Cookies.INTERACTION) String bound) {
        Optional<Interaction> interaction = find(id, bound);
        if (interaction.isEmpty()) {
            return expired();
        }
        return page(200, id, interaction.get().param("login_hint").orElse(""), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@FormParam("interaction") String id, @CookieParam(Cookies.INTERACTION) String bound,
                           @FormParam(Csrf.FIELD) String token, @FormParam("username") String identifier,
                           @FormParam("password") String password) {
        Optional<Interaction> interaction = find(id, bound);
        if (interaction.isEmpty() || !csrf.verify(CSRF_PURPOSE, id, token)) {
            return expired();
        }
        if (identifier == null || identifier.isBlank() || password == null || password.isEmpty()) {
            return page(400, id, identifier, "Enter your email or username and your password, then choose Sign in.");
        }
        Optional<User> user = users.findByIdentifier(identifier).filter(User::active);
        // Unknown accounts cost the same Argon2id work as known ones, so timing does not tell them apart.
        boolean ok = hasher.verify(password, user.map(User::passwordHash).orElse(null)) && user.isPresent();
        if (!ok) {
            return page(401, id, identifier, "The email, username or password is not right. Check them and try again.");
        }
        interactions.complete(interaction.get().idHash(),
                new LoginResult(user.get().id(), clock.instant(), List.of("pwd"), Acr.PASSWORD));
        return Response.seeOther(URI.create("/authorize/resume?interaction=" + id)).build();
    }

    private Optional<Interaction> find(String id, String bound) {
        if (id == null || !id.equals(bound)) {
            return Optional.empty();
        }
        return interactions.find(Secrets.sha256(id)).filter(i -> !i.isExpiredAt(clock.instant()));
    }

    private Response page(int status, String id, String identifier, String error) {
        String body = (error == null ? "" : Html.alert(error))
                + "<form method=\"post\" action=\"/login\">"
                + "<input type=\"hidden\" name=\"interaction\" value=\"" + Html.escape(id) + "\">"
                + csrf.hiddenField(CSRF_PURPOSE, id)
                + "<label for=\"username\">Email or username</label>"
                + "<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username webauthn\" required"
                + " autofocus value=\"" + Html.escape(identifier) + "\">"
                + "<label for=\"password\">Password</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "<button type=\"submit\">Sign in</button></form>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(Html.page("Sign in", body)).build();
    }

    private static Response expired() {
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store")
                .entity(Html.page("Your sign-in session expired", Html.alert("This sign-in page is no longer valid:"
                        + " it took too long or was opened in another window. Go back to the application and sign in again.")))
                .build();
    }
}
