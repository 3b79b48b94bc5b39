package dev.passgate.login.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.passgate.login.DeviceCookie;
import dev.passgate.login.LoginAction;
import dev.passgate.login.LoginError;
import dev.passgate.login.LoginFlow;
import dev.passgate.login.LoginOutcome;
import dev.passgate.login.LoginStep;
import dev.passgate.login.StepResult;
import dev.passgate.login.intelligence.ClientCapabilities;
import dev.passgate.login.steps.IdentifyStep;
import dev.passgate.login.steps.LoginSteps;
import dev.passgate.otp.Channel;
import dev.passgate.web.ClientAddress;
import dev.passgate.web.Cookies;

/**
 * The login's pages and forms. Thin: through the gate (this browser's login, its CSRF token),
 * one action of {@link LoginFlow}, the outcome rendered. The passkey ceremonies' JSON calls are
 * in {@link PasskeyApiResource}.
 */
@ApplicationScoped
@Path("/login")
public class LoginResource {
    @Inject
    LoginFlow flow;
    /** Each request's step, its events and its changes: one commit (issue 13). */
    @Inject
    dev.passgate.transaction.OneTransaction oneTransaction;
    @Inject
    LoginGate gate;
    @Inject
    LoginSteps steps;
    @Inject
    LoginResponses responses;
    @Inject
    Cookies cookies;
    @Inject
    ClientAddress clientAddress;
    @Context
    HttpServletRequest request;
    @Context
    HttpHeaders headers;

    @GET
    public Response show(@QueryParam("interaction") String id, @QueryParam("error") String error) {
        String device = cookies.value(headers.getCookies(), DeviceCookie.NAME);
        String bound = bound(id);
        // The script sends the browser here with the catalogue code of the error that moved the login on.
        return gate.view(entry(id, bound, device, null))
                .map(ctx -> responses.render(new LoginOutcome.Show(ctx.transaction(), LoginError.byCode(error)), ctx))
                .orElseGet(() -> notOpen(id, bound));
    }

    @POST
    @Path("identify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response identify(@BeanParam LoginForm form, @FormParam("identifier") String identifier, @FormParam("mode") String mode,
                             @FormParam("webauthn") String webAuthn, @FormParam("platform") String platform,
                             @FormParam("conditional") String conditional, @FormParam("hybrid") String hybrid,
                             @FormParam("probe") String probe) {
        ClientCapabilities browser = ClientCapabilities.fromForm(webAuthn, platform, conditional, hybrid);
        return step(form, LoginAction.IDENTIFY, (ctx, spent) -> steps.identify().identify(ctx, identifier, browser,
                IdentifyStep.Probe.of(probe), "password".equals(mode)));
    }

    @POST
    @Path("use-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response usePassword(@BeanParam LoginForm form) {
        return step(form, LoginAction.USE_PASSWORD, (ctx, spent) -> steps.passkey().usePassword(ctx));
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response password(@BeanParam LoginForm form, @FormParam("password") String password) {
        return step(form, LoginAction.PASSWORD, (ctx, spent) -> steps.password().password(ctx, password));
    }

    @POST
    @Path("code/send")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sendCode(@BeanParam LoginForm form, @FormParam("channel") String channel) {
        Optional<Channel> parsed = Channel.parse(channel);
        return step(form, LoginAction.SEND_CODE, (ctx, spent) -> parsed
                .map(c -> steps.secondFactor().send(ctx, c))
                .orElseGet(() -> StepResult.error(ctx.transaction(), LoginError.MISSING_INPUT)));
    }

    @POST
    @Path("code/resend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resendCode(@BeanParam LoginForm form) {
        return step(form, LoginAction.RESEND_CODE, (ctx, spent) -> steps.secondFactor().resend(ctx));
    }

    @POST
    @Path("code/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response verifyCode(@BeanParam LoginForm form, @FormParam("code") String code) {
        return step(form, LoginAction.VERIFY_CODE, (ctx, spent) -> steps.secondFactor().verify(ctx, code));
    }

    @POST
    @Path("offer/skip")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response skip(@BeanParam LoginForm form) {
        return step(form, LoginAction.SKIP_OFFER, (ctx, spent) -> steps.offer().skip(ctx));
    }

    @POST
    @Path("new-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response newPassword(@BeanParam LoginForm form, @FormParam("password") String password,
                                @FormParam("repeat") String repeat) {
        return step(form, LoginAction.SET_PASSWORD, (ctx, spent) -> steps.newPassword().set(ctx, password, repeat));
    }

    /** Finished already (a double submit): carry on to the protocol; otherwise the login is gone. */
    private Response notOpen(String id, String bound) {
        return flow.finished(id, bound).map(uri -> Response.seeOther(responses.absolute(uri)).build())
                .orElseGet(() -> responses.expired(flow.restart(id)));
    }

    private Response step(LoginForm form, LoginAction action, LoginStep step) {
        String bound = bound(form.interaction);
        LoginGate.Entry entry = entry(form.interaction, bound, cookies.value(headers.getCookies(), DeviceCookie.NAME), form.csrf);
        java.util.function.Supplier<Optional<Handled>> work = () -> gate.change(entry)
                .map(ctx -> new Handled(ctx, flow.handle(ctx, action, step)));
        Optional<Handled> handled = action.databaseOnly() ? oneTransaction.run(work) : work.get();
        return handled.map(h -> responses.render(h.outcome(), h.ctx())).orElseGet(() -> notOpen(form.interaction, bound));
    }

    /** A step done and committed; the page is drawn after the commit (its reads need no transaction). */
    private record Handled(dev.passgate.login.LoginContext ctx, dev.passgate.login.LoginOutcome outcome) {
    }

    /** The secret in this browser's cookie for that login. */
    private String bound(String interactionId) {
        return cookies.interactionSecret(headers.getCookies(), interactionId);
    }

    private LoginGate.Entry entry(String id, String bound, String device, String csrfToken) {
        return new LoginGate.Entry(id, bound, device, csrfToken, clientAddress.of(request),
                headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), headers.getHeaderString(HttpHeaders.USER_AGENT));
    }
}
