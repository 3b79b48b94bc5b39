package dev.passgate.account.web;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

import dev.passgate.account.AccountContact;
import dev.passgate.i18n.Languages;
import dev.passgate.otp.Channel;
import dev.passgate.user.User;
import dev.passgate.web.Csrf;
import dev.passgate.web.UserAgents;
import dev.passgate.web.Views;

/**
 * {@code /account/contact}: the email address and phone number, each changed in two steps (the new
 * one, then the code sent to it). Both steps need this session's CSRF token and a recent sign-in.
 */
@ApplicationScoped
@Path("/account/contact")
public class AccountContactResource {
    public static final Set<String> NOTICES = Set.of("code_sent", "changed");
    public static final Set<String> ERRORS = Set.of("needs_mfa", "invalid", "same", "too_soon", "hourly_cap", "delivery_failed", "no_code",
            "wrong_code", "too_many_attempts", "expired", "in_use", "csrf");
    static final String PAGE = "/account/contact";

    @Inject
    AccountGate gate;
    @Inject
    AccountContact contact;
    @Inject
    Languages languages;
    @Context
    HttpHeaders headers;

    @GET
    public Response page(@QueryParam("notice") String notice, @QueryParam("error") String error,
                         @QueryParam("channel") String channel) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst(PAGE);
        }
        User u = who.get().user();
        String sid = who.get().session().sid();
        return Views.html(200, new AccountView.ContactPage(u.username(), gate.token(who.get()), Optional.ofNullable(u.email()),
                u.emailVerified(), Optional.ofNullable(u.phone()), u.phoneVerified(), contact.pending(sid, Channel.EMAIL),
                contact.pending(sid, Channel.SMS), Optional.ofNullable(notice).filter(NOTICES::contains),
                Optional.ofNullable(error).filter(ERRORS::contains),
                Channel.parse(channel).map(Channel::name))).build();
    }

    @POST
    @Path("start")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@FormParam(Csrf.FIELD) String token, @FormParam("channel") String channel,
                          @FormParam("value") String value) {
        return change(token, channel, (who, c) -> contact.start(who.user(), who.session().sid(), c, value, locale()), "code_sent");
    }

    @POST
    @Path("confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@FormParam(Csrf.FIELD) String token, @FormParam("channel") String channel,
                            @FormParam("code") String code) {
        return change(token, channel, (who, c) -> contact.confirm(who.user(), who.session().sid(), c, code,
                UserAgents.summary(headers.getHeaderString(HttpHeaders.USER_AGENT))), "changed");
    }

    private interface Step {
        Optional<AccountContact.Refusal> apply(AccountGate.Signed who, Channel channel);
    }

    private Response change(String token, String channelName, Step step, String done) {
        Optional<AccountGate.Signed> who = gate.signed(headers.getCookies());
        if (who.isEmpty()) {
            return gate.signInFirst(PAGE);
        }
        Optional<Channel> channel = Channel.parse(channelName);
        if (!gate.csrfOk(who.get(), token) || channel.isEmpty()) {
            return gate.backTo(PAGE, "error=csrf");
        }
        if (!gate.strong(who.get())) { // with the second factor off, a password alone must not move where codes go
            return gate.backTo(PAGE, "error=needs_mfa");
        }
        if (!gate.fresh(who.get())) {
            return gate.reverify(who.get(), PAGE);
        }
        String c = "&channel=" + channel.get().name();
        return gate.backTo(PAGE, step.apply(who.get(), channel.get())
                .map(r -> "error=" + r.name().toLowerCase(Locale.ROOT)).orElse("notice=" + done) + c);
    }

    private Locale locale() {
        return languages.choose(Optional.empty(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
