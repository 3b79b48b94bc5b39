package dev.passgate.account.web;

import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.passgate.account.AccountPasskeys;
import dev.passgate.account.AccountSettings;
import dev.passgate.account.AccountSignIn;
import dev.passgate.account.PasskeyRow;
import dev.passgate.config.PassgateSettings;
import dev.passgate.config.WebAuthnSettings;
import dev.passgate.i18n.Languages;
import dev.passgate.i18n.Messages;
import dev.passgate.login.LoginError;
import dev.passgate.passkey.Passkey;
import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;
import dev.passgate.web.ErrorView;
import dev.passgate.web.UserAgents;
import dev.passgate.web.Views;

/**
 * {@code /account}: the person's own passkeys. Runs on the single sign-on session the login leaves;
 * without one, the person signs in through the normal login ({@link AccountSignIn}) and comes back to
 * the page asked for. Adding or deleting a passkey needs a sign-in no older than
 * {@code passgate.account.reverify-after}; else the person verifies again first. Every form and JSON
 * call carries a CSRF token bound to the session.
 */
@ApplicationScoped
@Path("/account")
public class AccountResource {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    public static final Set<String> NOTICES = Set.of("renamed", "deleted", "recovered");
    public static final Set<String> ERRORS = Set.of("name_invalid", "not_found", "expired", "needs_mfa");

    @Inject
    AccountPasskeys passkeys;
    @Inject
    AccountGate gate;
    @Inject
    Languages languages;
    @Inject
    WebAuthnSettings webAuthn;
    @Context
    HttpHeaders headers;

    // --- pages -------------------------------------------------------------------------------------

    @GET
    public Response passkeys(@QueryParam("notice") String notice, @QueryParam("error") String error,
                             @QueryParam("added") String added) {
        Optional<AccountGate.Signed> who = signed();
        if (who.isEmpty()) {
            return signInFirst("/account");
        }
        User user = who.get().user();
        List<PasskeyRow> rows = passkeys.list(user.id());
        Optional<PasskeyRow> just = added == null ? Optional.empty() : rows.stream().filter(r -> r.id().equals(added)).findFirst();
        return Views.html(200, new AccountView.Passkeys(user.username(), user.name(), token(who.get()), rows, passkeys.limit(),
                Optional.ofNullable(notice).filter(NOTICES::contains), Optional.ofNullable(error).filter(ERRORS::contains),
                just, passkeys.signal(user), webAuthn.rpId())).build();
    }

    @GET
    @Path("passkeys/delete")
    public Response confirmDelete(@QueryParam("id") String id) {
        Optional<AccountGate.Signed> who = signed();
        if (who.isEmpty()) {
            return signInFirst(deletePage(id));
        }
        if (!gate.strong(who.get())) {
            return backTo("error=needs_mfa");
        }
        if (!fresh(who.get())) {
            return reverify(who.get(), deletePage(id));
        }
        String userId = who.get().user().id();
        Optional<Passkey> found = passkeys.find(userId, id);
        if (found.isEmpty()) {
            return backTo("error=not_found");
        }
        int held = passkeys.list(userId).size();
        return Views.html(200, new AccountView.ConfirmDelete(token(who.get()), passkeys.row(found.get()), held <= 1,
                who.get().user().passwordHash() != null)).build();
    }

    @POST
    @Path("passkeys/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@FormParam("id") String id, @FormParam(Csrf.FIELD) String token) {
        Optional<AccountGate.Signed> who = signed();
        if (who.isEmpty()) {
            return signInFirst("/account");
        }
        if (!csrfOk(who.get(), token)) {
            return backTo("error=expired");
        }
        if (!gate.strong(who.get())) {
            return backTo("error=needs_mfa");
        }
        if (!fresh(who.get())) {
            return reverify(who.get(), deletePage(id));
        }
        Optional<Passkey> gone = passkeys.delete(who.get().user().id(), id, browser());
        return backTo(gone.isPresent() ? "notice=deleted" : "error=not_found");
    }

    @POST
    @Path("passkeys/rename")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rename(@FormParam("id") String id, @FormParam("name") String name, @FormParam(Csrf.FIELD) String token) {
        Optional<AccountGate.Signed> who = signed();
        if (who.isEmpty()) {
            return signInFirst("/account");
        }
        if (!csrfOk(who.get(), token)) {
            return backTo("error=expired");
        }
        if (passkeys.find(who.get().user().id(), id).isEmpty()) {
            return backTo("error=not_found");
        }
        return backTo(passkeys.rename(who.get().user().id(), id, name) ? "notice=renamed" : "error=name_invalid");
    }

    // --- signing in to the account pages -----------------------------------------------------------

    @GET
    @Path("callback")
    public Response callback(@Context UriInfo uri) {
        Map<String, List<String>> params;
        try {
            params = URLUtils.parseParameters(uri.getRequestUri().getRawQuery());
        } catch (RuntimeException badEscape) { // "%ZZ": not an answer of ours
            params = Map.of();
        }
        Optional<String> page = gate.finishSignIn(params, headers.getCookies());
        if (page.isPresent()) {
            return Response.seeOther(absolute(page.get())).cookie(gate.clearSignIn()).build();
        }
        if (signed().isPresent()) { // a stale or second tab's answer: the person is signed in all the same
            return Response.seeOther(absolute("/account")).cookie(gate.clearSignIn()).build();
        }
        return Views.html(400, ErrorView.of("account.signin-failed.title", "account.signin-failed.message")
                .next("account.signin-failed.next").restartAt(Optional.of(absolute("/account")))).cookie(gate.clearSignIn()).build();
    }

    /** Verify again, then back to {@code then}: where a stale sign-in sends the person before a sensitive change. */
    @GET
    @Path("reverify")
    public Response reverifyThen(@QueryParam("then") String then) {
        Optional<AccountGate.Signed> who = signed();
        String page = AccountSignIn.safeReturn(then);
        return who.isEmpty() ? signInFirst(page) : reverify(who.get(), page);
    }

    // --- adding a passkey (the JSON calls of account.js) ------------------------------------------

    @POST
    @Path("passkeys/options")
    public Response addOptions(@HeaderParam("X-CSRF-Token") String token) {
        Optional<AccountGate.Signed> who = signed();
        if (who.isEmpty() || !csrfOk(who.get(), token)) {
            return json(403, errorJson(LoginError.SESSION_EXPIRED, Optional.of(absolute("/account"))));
        }
        if (!gate.mayAddPasskey(who.get())) {
            return json(200, accountError("needs_mfa"));
        }
        if (!fresh(who.get())) { // the script goes there, and the person comes back to this page to try again
            return json(200, JSON.createObjectBuilder().add("next", absolute("/account/reverify?then=/account").toString()).build());
        }
        if (passkeys.list(who.get().user().id()).size() >= passkeys.limit()) {
            return json(200, errorJson(LoginError.LIMIT_REACHED, Optional.empty()));
        }
        return Response.ok("{\"publicKey\":" + passkeys.startAdd(who.get().session().sid(), who.get().user()) + "}",
                MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("passkeys/verify")
    public Response addVerify(@HeaderParam("X-CSRF-Token") String token, String body) {
        Optional<AccountGate.Signed> who = signed();
        Optional<JsonObject> json = parse(body);
        if (who.isEmpty() || !csrfOk(who.get(), token) || json.isEmpty()) {
            return json(403, errorJson(LoginError.SESSION_EXPIRED, Optional.of(absolute("/account"))));
        }
        if (!gate.mayAddPasskey(who.get())) {
            return json(200, accountError("needs_mfa"));
        }
        if (!fresh(who.get())) { // the sign-in aged while the prompt was open: verify again, then add again
            return json(200, JSON.createObjectBuilder().add("next", absolute("/account/reverify?then=/account").toString()).build());
        }
        JsonValue credential = json.get().get("credential");
        AccountPasskeys.Added added = passkeys.finishAdd(who.get().session().sid(), who.get().user(),
                credential == null ? "" : credential.toString(), browser());
        if (added instanceof AccountPasskeys.Added.Created created) {
            return json(200, JSON.createObjectBuilder().add("next",
                    absolute("/account?added=" + created.passkey().credentialId()).toString()).build());
        }
        return json(200, errorJson(((AccountPasskeys.Added.Refused) added).error(), Optional.empty()));
    }

    @POST
    @Path("passkeys/failure")
    public Response addFailed(@HeaderParam("X-CSRF-Token") String token, String body) {
        Optional<AccountGate.Signed> who = signed();
        Optional<JsonObject> json = parse(body);
        if (who.isEmpty() || !csrfOk(who.get(), token) || json.isEmpty()) {
            return json(403, errorJson(LoginError.SESSION_EXPIRED, Optional.of(absolute("/account"))));
        }
        // A DOMException name: short, from a fixed list; anything longer is cut before the audit trail sees it.
        String name = json.get().get("name") instanceof JsonString s ? s.getString().substring(0, Math.min(64, s.getString().length()))
                : "UnknownError";
        long elapsed = json.get().get("elapsedMs") instanceof JsonNumber n ? n.longValue() : 0;
        return json(200, errorJson(passkeys.failed(who.get().session().sid(), who.get().user(), name, elapsed), Optional.empty()));
    }

    // --- helpers -------------------------------------------------------------------------------------

    private Optional<AccountGate.Signed> signed() {
        return gate.signed(headers.getCookies());
    }

    private String token(AccountGate.Signed who) {
        return gate.token(who);
    }

    private boolean csrfOk(AccountGate.Signed who, String presented) {
        return gate.csrfOk(who, presented);
    }

    private boolean fresh(AccountGate.Signed who) {
        return gate.fresh(who);
    }

    private Response signInFirst(String page) {
        return gate.signInFirst(page);
    }

    private Response reverify(AccountGate.Signed who, String page) {
        return gate.reverify(who, page);
    }

    private static String deletePage(String id) {
        return "/account/passkeys/delete" + (id == null || id.isEmpty() ? "" : "?id=" + id);
    }

    private Response backTo(String query) {
        return gate.backTo("/account", query);
    }

    private URI absolute(String path) {
        return gate.absolute(path);
    }

    private String browser() {
        return UserAgents.summary(headers.getHeaderString(HttpHeaders.USER_AGENT));
    }

    private Locale locale() {
        return languages.choose(Optional.empty(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    /** The largest answer a registration sends is a few KiB. */
    static final int MAX_BODY = 64 * 1024;

    private static Optional<JsonObject> parse(String body) {
        if (body == null || body.length() > MAX_BODY) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.createReader(new StringReader(body)).readObject());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /**
     * A catalogue entry as {@code account.js} shows it. The account pages have their own words where the
     * login's would point elsewhere ("continue without"); the only action offered is "Try again".
     */
    private JsonObject errorJson(LoginError e, Optional<URI> next) {
        Locale locale = locale();
        String accountKey = "account." + e.code() + ".message";
        JsonArrayBuilder actions = JSON.createArrayBuilder();
        // Another authenticator may work where this one refused, so "Try again" follows every refusal but
        // the two that trying again cannot mend.
        if (e != LoginError.LIMIT_REACHED && e != LoginError.SESSION_EXPIRED) {
            actions.add("try_again");
        }
        var out = JSON.createObjectBuilder().add("error", JSON.createObjectBuilder().add("code", e.code())
                .add("title", e.title(locale))
                .add("message", Messages.has(locale, accountKey) ? Messages.text(locale, accountKey, passkeys.limit()) : e.message(locale))
                .add("actions", actions));
        next.ifPresent(n -> out.add("next", n.toString()));
        return out.build();
    }

    /** An error of the account pages themselves (not the login's catalogue), with no action but reading it. */
    private JsonObject accountError(String code) {
        Locale locale = locale();
        return JSON.createObjectBuilder().add("error", JSON.createObjectBuilder().add("code", code)
                .add("title", Messages.text(locale, "account." + code + ".title"))
                .add("message", Messages.text(locale, "account." + code + ".message")).add("actions", JSON.createArrayBuilder()))
                .build();
    }

    private static Response json(int status, JsonObject body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                .entity(body.toString()).build();
    }
}
