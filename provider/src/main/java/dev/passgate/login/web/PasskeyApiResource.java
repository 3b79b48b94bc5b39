package dev.passgate.login.web;

import java.io.StringReader;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginAction;
import dev.passgate.login.LoginContext;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginFlow;
import dev.passgate.login.LoginOutcome;
import dev.passgate.login.LoginState;
import dev.passgate.login.LoginStep;
import dev.passgate.login.steps.LoginSteps;
import dev.passgate.web.ClientAddress;
import dev.passgate.web.Cookies;

/**
 * The JSON calls of {@code login.js}: options for a ceremony, its result, or the
 * {@code DOMException} it failed with. Through the same gate as the forms (this browser's login,
 * CSRF token in {@code X-CSRF-Token}) and the same rule table; the server decides what follows.
 */
@ApplicationScoped
@Path("/login/passkey")
public class PasskeyApiResource {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    @Inject
    LoginFlow flow;
    /** Each call's step, its events and its changes: one commit (issue 13). */
    @Inject
    dev.passgate.transaction.OneTransaction oneTransaction;
    @Inject
    LoginGate gate;
    @Inject
    LoginSteps steps;
    @Inject
    LoginResponses responses;
    @Context
    HttpServletRequest request;
    @Context
    HttpHeaders headers;
    @Inject
    Cookies cookies;
    @Inject
    ClientAddress clientAddress;
    @Inject
    dev.passgate.config.WebAuthnSettings webAuthn;

    @POST
    @Path("options")
    public Response options(String body) {
        return call(body, LoginAction.PASSKEY_OPTIONS, (ctx, json) -> answer(ctx, flow.handle(ctx, LoginAction.PASSKEY_OPTIONS,
                (c, spent) -> steps.passkey().options(c, "immediate".equals(json.getString("mediation", ""))))));
    }

    @POST
    @Path("verify")
    public Response verify(String body) {
        return call(body, LoginAction.PASSKEY_VERIFY, (ctx, json) -> answer(ctx, flow.handle(ctx, LoginAction.PASSKEY_VERIFY,
                (c, spent) -> steps.passkey().verify(c, credential(json), spent.orElseThrow()))));
    }

    /** The names a WebAuthn ceremony rejects with (WebAuthn L3 §5.1.3, §5.1.4), and the page's own for no WebAuthn. */
    static final java.util.Set<String> DOM_EXCEPTIONS = java.util.Set.of("NotAllowedError", "AbortError", "SecurityError",
            "NotSupportedError", "InvalidStateError", "ConstraintError", "UnknownError", "TimeoutError", "NotReadableError",
            "EncodingError", "DataError", "OperationError", "TypeError", "NoWebAuthn");

    @POST
    @Path("failure")
    public Response failure(String body) {
        return call(body, LoginAction.PASSKEY_FAILURE, (ctx, json) -> {
            // A DOMException name from the list WebAuthn raises; anything else is "UnknownError" before the audit trail (and
            // the reports, which count by it) sees it: a caller cannot add rows or labels of its own.
            String name = json.get("name") instanceof JsonString s && DOM_EXCEPTIONS.contains(s.getString()) ? s.getString()
                    : "UnknownError";
            long elapsed = json.get("elapsedMs") instanceof JsonNumber n ? n.longValue() : 0;
            boolean registration = json.get("ceremony") instanceof JsonString c && "registration".equals(c.getString());
            LoginStep step = registration ? (c, spent) -> steps.offer().failed(c, name, elapsed)
                    : (c, spent) -> steps.passkey().failed(c, name, elapsed);
            return answer(ctx, flow.handle(ctx, registration ? LoginAction.REGISTER_FAILURE : LoginAction.PASSKEY_FAILURE, step));
        });
    }

    @POST
    @Path("register/options")
    public Response registerOptions(String body) {
        return call(body, LoginAction.REGISTER_OPTIONS, (ctx, json) -> answer(ctx, flow.handle(ctx, LoginAction.REGISTER_OPTIONS,
                (c, spent) -> steps.offer().options(c))));
    }

    @POST
    @Path("register/verify")
    public Response registerVerify(String body) {
        return call(body, LoginAction.REGISTER_VERIFY, (ctx, json) -> answer(ctx, flow.handle(ctx, LoginAction.REGISTER_VERIFY,
                (c, spent) -> steps.offer().finish(c, credential(json), spent.orElseThrow(),
                        json.get("replaceOldest") == JsonValue.TRUE, json.get("keep") == JsonValue.TRUE))));
    }

    /** The largest answer a ceremony sends (a registration with attestation) is a few KiB. */
    static final int MAX_BODY = 64 * 1024;

    private Response call(String body, LoginAction kind, BiFunction<LoginContext, JsonObject, Response> action) {
        if (body != null && body.length() > MAX_BODY) {
            return error(LoginError.SESSION_EXPIRED, Optional.empty(), language());
        }
        JsonObject json;
        try {
            json = JSON.createReader(new StringReader(body == null ? "" : body)).readObject();
        } catch (RuntimeException malformed) {
            return error(LoginError.SESSION_EXPIRED, Optional.empty(), language());
        }
        String id = json.get("interaction") instanceof JsonString s ? s.getString() : null;
        String bound = cookies.interactionSecret(headers.getCookies(), id);
        String device = cookies.value(headers.getCookies(), DeviceCookie.NAME);
        LoginGate.Entry entry = new LoginGate.Entry(id, bound, device, headers.getHeaderString("X-CSRF-Token"), clientAddress.of(request),
                headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), headers.getHeaderString(HttpHeaders.USER_AGENT));
        java.util.function.Supplier<Optional<Response>> work = () -> gate.change(entry).map(ctx -> action.apply(ctx, json));
        Optional<Response> answered = kind.databaseOnly() ? oneTransaction.run(work) : work.get();
        return answered.orElseGet(() -> notOpen(id, bound));
    }

    /**
     * No open login: finished already (the same answer sent twice, the second waiting on the first's lock), so carry on
     * to the protocol as the form does; else gone. Decided after the unit: inside it the interaction is as it was read
     * before the wait, without the result the first request gave it.
     */
    private Response notOpen(String id, String bound) {
        return flow.finished(id, bound)
                .map(uri -> Response.ok(JSON.createObjectBuilder().add("next", responses.absolute(uri).toString())
                        .build().toString(), MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> error(LoginError.SESSION_EXPIRED, flow.restart(id).map(Object::toString), language()));
    }

    private Response answer(LoginContext ctx, LoginOutcome outcome) {
        if (outcome instanceof LoginOutcome.Finished f) {
            Response.ResponseBuilder out = Response.ok(JSON.createObjectBuilder().add("next", responses.absolute(f.resume()).toString())
                    .build().toString(), MediaType.APPLICATION_JSON);
            f.deviceCookie().ifPresent(c -> out.cookie(responses.device(c)));
            return out.build();
        }
        if (outcome instanceof LoginOutcome.Expired e) {
            return error(LoginError.SESSION_EXPIRED, e.restart().map(Object::toString), ctx.locale());
        }
        if (outcome instanceof LoginOutcome.OutOfStep) { // not this step's call: the page shows where the login is
            return error(LoginError.SESSION_EXPIRED, Optional.of(responses.page(ctx)), ctx.locale());
        }
        LoginOutcome.Show show = (LoginOutcome.Show) outcome;
        if (show.json().isPresent() && show.error().isEmpty()) {
            return Response.ok("{\"publicKey\":" + show.json().get() + "}", MediaType.APPLICATION_JSON).build();
        }
        boolean moved = show.transaction().state() != ctx.transaction().state();
        LoginError err = show.error().orElse(LoginError.VERIFICATION_NOT_COMPLETED);
        // Moved on without an error (a passkey from another device, on to the offer; a new password asked for): no alert.
        Optional<String> next = moved ? Optional.of(responses.page(ctx) + show.error().map(e -> "&error=" + e.code()).orElse(""))
                : Optional.empty();
        JsonObject body = errorJson(err, next, show.transaction().state(), ctx.locale());
        // With an error, the step's JSON is what the script tells the authenticator (signalUnknownCredential).
        if (show.json().isPresent()) {
            JsonObject signal = JSON.createReader(new StringReader(show.json().get())).readObject();
            body = JSON.createObjectBuilder(body).add("signal", JSON.createObjectBuilder(signal).add("rpId", webAuthn.rpId()))
                    .build();
        }
        Response.ResponseBuilder out = Response.ok().type(MediaType.APPLICATION_JSON).entity(body.toString());
        show.deviceCookie().ifPresent(c -> out.cookie(responses.device(c)));
        return out.build();
    }

    private Locale language() {
        return gate.language(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    private static Response error(LoginError e, Optional<String> next, Locale locale) {
        return Response.status(e == LoginError.SESSION_EXPIRED ? 400 : 200).type(MediaType.APPLICATION_JSON)
                .entity(errorJson(e, next, null, locale).toString()).build();
    }

    private static JsonObject errorJson(LoginError e, Optional<String> next, LoginState state, Locale locale) {
        JsonArrayBuilder actions = JSON.createArrayBuilder();
        e.actions().forEach(a -> actions.add(a.name().toLowerCase(Locale.ROOT)));
        JsonObjectBuilder out = JSON.createObjectBuilder().add("error", JSON.createObjectBuilder()
                .add("code", e.code()).add("title", e.title(locale)).add("message", e.message(locale))
                .add("actions", actions));
        next.ifPresent(n -> out.add("next", n));
        if (state != null) {
            out.add("state", state.name());
        }
        return out.build();
    }

    private static String credential(JsonObject json) {
        JsonValue c = json.get("credential");
        return c == null ? "" : c.toString();
    }
}
