package dev.passgate.account.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;

import dev.passgate.account.AccountSettings;
import dev.passgate.account.AccountSignIn;
import dev.passgate.config.PassgateSettings;
import dev.passgate.protocol.session.Sessions;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.user.User;
import dev.passgate.user.UserStore;
import dev.passgate.web.Cookies;
import dev.passgate.web.Csrf;

/**
 * What every account page checks first: who is signed in (the single sign-on session and its live,
 * active account), whether the form's CSRF token is this session's, whether the sign-in is recent
 * enough for a sensitive change; and the redirects when it is not (sign in, verify again).
 */
public final class AccountGate {
    static final String CSRF_PURPOSE = "account";
    /** The browser's half of a running account sign-in: state, PKCE verifier, page to return to. */
    static final String SIGN_IN_COOKIE = "passgate_account_signin";

    private final Sessions sessions;
    private final UserStore users;
    private final Cookies cookies;
    private final Csrf csrf;
    private final AccountSignIn signIn;
    private final AccountSettings settings;
    private final PassgateSettings passgate;
    private final Clock clock;

    public AccountGate(Sessions sessions, UserStore users, Cookies cookies, Csrf csrf, AccountSignIn signIn,
                       AccountSettings settings, PassgateSettings passgate, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.cookies = cookies;
        this.csrf = csrf;
        this.signIn = signIn;
        this.settings = settings;
        this.passgate = passgate;
        this.clock = clock;
    }

    /** The person on this page: their session and account. */
    public record Signed(SsoSession session, User user) {
    }

    public Optional<Signed> signed(Map<String, Cookie> requestCookies) {
        return sessions.current(cookies.value(requestCookies, Cookies.SESSION))
                .flatMap(s -> users.findById(s.userId()).filter(User::active).map(u -> new Signed(s, u)));
    }

    /** Bound to the session's cookie hash: a re-verification renews it, so a form from before it is refused. */
    public String token(Signed who) {
        return token(who, CSRF_PURPOSE);
    }

    public boolean csrfOk(Signed who, String presented) {
        return csrfOk(who, presented, CSRF_PURPOSE);
    }

    /** A token for another set of pages on the same session (the console's): one page's forms never drive another's. */
    public String token(Signed who, String purpose) {
        return csrf.token(purpose, who.session().idHash());
    }

    public boolean csrfOk(Signed who, String presented, String purpose) {
        return presented != null && csrf.verify(purpose, who.session().idHash(), presented);
    }

    /**
     * Signed in with more than a password (a passkey, or password and code): what adding or deleting a passkey
     * needs, so a password alone never binds a passkey to an account (DESIGN.md), even with the second factor off.
     */
    public boolean strong(Signed who) {
        return dev.passgate.interaction.Acr.meets(who.session().acr(), dev.passgate.interaction.Acr.MFA);
    }

    /**
     * What adding a passkey needs: a strong sign-in, or a recovery just finished (a code from the account's
     * verified address, then a new password) so the person who lost every passkey can make a new one. Deleting
     * asks for {@link #strong} alone: a recovery may add, never take away.
     */
    boolean mayAddPasskey(Signed who) {
        return strong(who) || dev.passgate.interaction.Acr.RECOVERY.equals(who.session().acr());
    }

    /** Signed in (or verified again) no longer ago than {@code passgate.account.reverify-after}. */
    public boolean fresh(Signed who) {
        return Duration.between(who.session().authTime(), clock.instant()).compareTo(settings.reverifyAfter()) <= 0;
    }

    public Response signInFirst(String page) {
        return startSignIn(signIn.start(page, Optional.empty(), false));
    }

    /** Through the login again ({@code prompt=login}, the username as hint), then back to {@code page}. */
    public Response reverify(Signed who, String page) {
        return startSignIn(signIn.start(page, Optional.of(who.user().username()), true));
    }

    private Response startSignIn(AccountSignIn.Started started) {
        return Response.seeOther(started.authorize()).header("Cache-Control", "no-store")
                .cookie(cookies.set(SIGN_IN_COOKIE, started.cookieValue(), passgate.interactionTtl())).build();
    }

    Optional<String> finishSignIn(Map<String, java.util.List<String>> params, Map<String, Cookie> requestCookies) {
        return signIn.finish(params, cookies.value(requestCookies, SIGN_IN_COOKIE));
    }

    jakarta.ws.rs.core.NewCookie clearSignIn() {
        return cookies.clear(SIGN_IN_COOKIE);
    }

    /** Every URL from the issuer, never from the request's Host (a proxy may rewrite it). */
    public URI absolute(String path) {
        return URI.create(passgate.issuerString() + path);
    }

    /** Back to an account page after a form, with what happened as a fixed word ({@code notice=deleted}). */
    public Response backTo(String page, String query) {
        return Response.seeOther(absolute(page + "?" + query)).build();
    }
}
