package dev.passgate.login;

import java.io.StringReader;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.login.steps.LoginSteps;
import dev.passgate.login.steps.PasskeyStep;
import dev.passgate.login.steps.StepResult;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;

/**
 * The JSON calls of {@code login.js}: options for a ceremony, its result, or the
 * {@code DOMException} it failed with. Same checks as the forms (this browser's login, CSRF token
 * in {@code X-CSRF-Token}, the right step); the server decides everything that follows.
 */
@RequestScoped
@Path("/login/passkey")
public class PasskeyApiResource {
    @Inject
    LoginFlow flow;
    @Inject
    LoginSteps steps;
    @Inject
    LoginResponses responses;
    @Inject
    Csrf csrf;
    @Context
    HttpServletRequest request;
    @Context
    HttpHeaders headers;
    @CookieParam(Cookies.INTERACTION)
    String bound;
    @CookieParam(DeviceCookie.NAME)
    String device;
    @HeaderParam("X-CSRF-Token")
    String token;

    @POST
    @Path("options")
    public Response options(String body) {
        return withLogin(body, (ctx, json) -> {
            LoginState state = ctx.transaction().state();
            if (state != LoginState.IDENTIFY && state != LoginState.PASSKEY) {
                return error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale());
            }
            PasskeyStep.Options options = steps.passkey().options(ctx);
            return flow.save(options.next()).map(saved -> Response.ok("{\"publicKey\":" + options.json() + "}",
                    MediaType.APPLICATION_JSON).build()).orElseGet(() -> error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale()));
        });
    }

    @POST
    @Path("verify")
    public Response verify(String body) {
        return withLogin(body, (ctx, json) -> inStep(ctx, LoginState.IDENTIFY, LoginState.PASSKEY)
                ? spendChallenge(ctx, (spent, challenge) -> run(spent, c -> steps.passkey().verify(c, credential(json), challenge)))
                : error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale()));
    }

    @POST
    @Path("failure")
    public Response failure(String body) {
        return withLogin(body, (ctx, json) -> {
            String name = json.get("name") instanceof jakarta.json.JsonString s ? s.getString() : "UnknownError";
            long elapsed = json.get("elapsedMs") instanceof jakarta.json.JsonNumber n ? n.longValue() : 0;
            boolean registration = "registration".equals(json.get("ceremony") instanceof jakarta.json.JsonString c
                    ? c.getString() : "");
            if (registration ? !inStep(ctx, LoginState.OFFER_PASSKEY) : !inStep(ctx, LoginState.IDENTIFY, LoginState.PASSKEY)) {
                return error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale());
            }
            return run(ctx, c -> registration ? steps.offer().failed(c, name, elapsed) : steps.passkey().failed(c, name, elapsed));
        });
    }

    @POST
    @Path("register/options")
    public Response registerOptions(String body) {
        return withLogin(body, (ctx, json) -> {
            if (ctx.transaction().state() != LoginState.OFFER_PASSKEY) {
                return error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale());
            }
            return steps.offer().options(ctx)
                    .flatMap(o -> flow.save(o.next()).map(saved -> Response.ok("{\"publicKey\":" + o.json() + "}",
                            MediaType.APPLICATION_JSON).build()))
                    .orElseGet(() -> error(LoginError.SETUP_UNAVAILABLE, Optional.empty(), ctx.locale()));
        });
    }

    @POST
    @Path("register/verify")
    public Response registerVerify(String body) {
        return withLogin(body, (ctx, json) -> inStep(ctx, LoginState.OFFER_PASSKEY)
                ? spendChallenge(ctx, (spent, challenge) -> run(spent, c -> steps.offer().finish(c, credential(json),
                        challenge, json.get("replaceOldest") == JsonValue.TRUE)))
                : error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale()));
    }

    private static boolean inStep(LoginContext ctx, LoginState... states) {
        return java.util.Arrays.asList(states).contains(ctx.transaction().state());
    }

    /**
     * A challenge is spent before its response is checked, and only the request that spends it
     * goes on: two parallel verifications of one ceremony cannot both succeed.
     */
    private Response spendChallenge(LoginContext ctx,
                                    java.util.function.BiFunction<LoginContext, PasskeyStep.Challenge, Response> then) {
        LoginTransaction tx = ctx.transaction();
        if (tx.challenge().isEmpty()) {
            return error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale());
        }
        PasskeyStep.Challenge challenge = new PasskeyStep.Challenge(tx.challenge().get(), tx.challengePurpose().orElse(""),
                tx.userHandle());
        return flow.save(tx.change().challenge(null, null).build())
                .map(spent -> then.apply(ctx.with(spent), challenge))
                .orElseGet(() -> error(LoginError.SESSION_EXPIRED, Optional.of(page(ctx)), ctx.locale()));
    }

    private Response withLogin(String body, java.util.function.BiFunction<LoginContext, JsonObject, Response> action) {
        JsonObject json;
        try {
            json = Json.createReader(new StringReader(body == null ? "" : body)).readObject();
        } catch (RuntimeException malformed) {
            return error(LoginError.SESSION_EXPIRED, Optional.empty());
        }
        String id = json.getString("interaction", null);
        Optional<LoginContext> ctx = responses.open(flow, id, bound, device, request, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        if (ctx.isEmpty() || !csrf.verify(LoginView.CSRF_PURPOSE, id, token)) {
            return error(LoginError.SESSION_EXPIRED, flow.restart(id).map(Object::toString));
        }
        return action.apply(ctx.get(), json);
    }

    private Response run(LoginContext ctx, Function<LoginContext, StepResult> step) {
        LoginOutcome outcome = flow.apply(ctx, step);
        if (outcome instanceof LoginOutcome.Finished f) {
            Response.ResponseBuilder out = Response.ok(Json.createObjectBuilder().add("next", f.resume().toString())
                    .build().toString(), MediaType.APPLICATION_JSON);
            f.deviceCookie().ifPresent(c -> out.cookie(responses.device(c)));
            return out.build();
        }
        if (outcome instanceof LoginOutcome.Expired e) {
            return error(LoginError.SESSION_EXPIRED, e.restart().map(Object::toString), ctx.locale());
        }
        LoginOutcome.Show show = (LoginOutcome.Show) outcome;
        boolean moved = show.transaction().state() != ctx.transaction().state();
        LoginError err = show.error().orElse(LoginError.VERIFICATION_NOT_COMPLETED);
        Optional<String> next = moved ? Optional.of(page(ctx) + "&error=" + err.code()) : Optional.empty();
        Response.ResponseBuilder out = Response.ok().type(MediaType.APPLICATION_JSON)
                .entity(errorJson(err, next, show.transaction().state(), ctx.locale()).toString());
        show.deviceCookie().ifPresent(c -> out.cookie(responses.device(c)));
        return out.build();
    }

    private static String page(LoginContext ctx) {
        return "/login?interaction=" + ctx.interactionId();
    }

    private Response error(LoginError e, Optional<String> next) {
        return error(e, next, responses.language(headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)));
    }

    private static Response error(LoginError e, Optional<String> next, Locale locale) {
        return Response.status(e == LoginError.SESSION_EXPIRED ? 400 : 200).type(MediaType.APPLICATION_JSON)
                .entity(errorJson(e, next, null, locale).toString()).build();
    }

    private static JsonObject errorJson(LoginError e, Optional<String> next, LoginState state, Locale locale) {
        JsonArrayBuilder actions = Json.createArrayBuilder();
        e.actions().forEach(a -> actions.add(a.name().toLowerCase(Locale.ROOT)));
        JsonObjectBuilder out = Json.createObjectBuilder().add("error", Json.createObjectBuilder()
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
