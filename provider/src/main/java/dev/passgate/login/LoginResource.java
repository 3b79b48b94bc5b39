package dev.passgate.login;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.login.intelligence.ClientCapabilities;
import dev.passgate.login.steps.LoginSteps;
import dev.passgate.login.steps.StepResult;
import dev.passgate.otp.Channel;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;

/**
 * The login's pages and forms. Thin: check the interaction and its CSRF token, call one step
 * through {@link LoginFlow}, render the outcome. The passkey ceremonies' JSON calls are in
 * {@link PasskeyApiResource}.
 */
@RequestScoped
@Path("/login")
public class LoginResource {
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

    @GET
    public Response show(@QueryParam("interaction") String id, @CookieParam(Cookies.INTERACTION) String bound,
                         @CookieParam(DeviceCookie.NAME) String device, @QueryParam("error") String error) {
        // The script sends the browser here with the catalogue code of the error that moved the login on.
        return responses.open(flow, id, bound, device, request, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE))
                .map(ctx -> responses.render(new LoginOutcome.Show(ctx.transaction(), LoginError.byCode(error)), ctx))
                .orElseGet(() -> notOpen(id, bound));
    }

    @POST
    @Path("identify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response identify(@BeanParam LoginForm form, @FormParam("identifier") String identifier, @FormParam("mode") String mode,
                             @FormParam("webauthn") String webAuthn, @FormParam("platform") String platform,
                             @FormParam("conditional") String conditional, @FormParam("hybrid") String hybrid) {
        ClientCapabilities browser = ClientCapabilities.fromForm(webAuthn, platform, conditional, hybrid);
        return step(form, LoginState.IDENTIFY,
                ctx -> steps.identify().identify(ctx, identifier, browser, "password".equals(mode)));
    }

    @POST
    @Path("use-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response usePassword(@BeanParam LoginForm form) {
        return step(form, LoginState.PASSKEY,
                ctx -> StepResult.to(ctx.transaction().change().challenge(null, null).state(LoginState.PASSWORD).build()));
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response password(@BeanParam LoginForm form, @FormParam("password") String password) {
        return step(form, LoginState.PASSWORD, ctx -> steps.password().password(ctx, password));
    }

    @POST
    @Path("code/send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sendCode(@BeanParam LoginForm form, @FormParam("channel") String channel) {
        Optional<Channel> parsed = Channel.parse(channel);
        return step(form, LoginState.ONE_TIME_CODE, ctx -> parsed
                .map(c -> steps.secondFactor().send(ctx, c))
                .orElseGet(() -> StepResult.error(ctx.transaction(), LoginError.MISSING_INPUT)));
    }

    @POST
    @Path("code/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resendCode(@BeanParam LoginForm form) {
        return step(form, LoginState.ONE_TIME_CODE, ctx -> steps.secondFactor().resend(ctx));
    }

    @POST
    @Path("code/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response verifyCode(@BeanParam LoginForm form,
                               @FormParam("code") String code) {
        return step(form, LoginState.ONE_TIME_CODE, ctx -> steps.secondFactor().verify(ctx, code));
    }

    @POST
    @Path("offer/skip")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response skip(@BeanParam LoginForm form) {
        return step(form, LoginState.OFFER_PASSKEY, ctx -> steps.offer().skip(ctx));
    }

    /** Finished already (a double submit): carry on to the protocol; otherwise the login is gone. */
    private Response notOpen(String id, String bound) {
        return flow.finished(id, bound).map(uri -> Response.seeOther(uri).build())
                .orElseGet(() -> responses.expired(flow.restart(id)));
    }

    /** A form post: valid only for this browser's login, with its CSRF token, at the step the form belongs to. */
    private Response step(LoginForm form, LoginState expected, Function<LoginContext, StepResult> step) {
        Optional<LoginContext> ctx = responses.open(flow, form.interaction, form.boundInteraction, form.device, request,
                headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
        if (ctx.isEmpty() || !csrf.verify(LoginView.CSRF_PURPOSE, form.interaction, form.csrf)) {
            return notOpen(form.interaction, form.boundInteraction);
        }
        if (ctx.get().transaction().state() != expected) { // a stale tab or a double submit: show where the login is
            return Response.seeOther(URI.create("/login?interaction=" + form.interaction)).build();
        }
        return responses.render(flow.apply(ctx.get(), step), ctx.get());
    }
}
