package dev.passgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What one virtual user does, request by request, as a browser with Passgate's login script and a confidential
 * client would: the setup of an account with its passkey, and the flows the benchmark times.
 */
final class Flows {
    private final Settings settings;
    private final HttpClient http;
    private final SmtpSink mail;
    private final String origin;

    Flows(Settings settings, HttpClient http, SmtpSink mail) {
        this.settings = settings;
        this.http = http;
        this.mail = mail;
        URI issuer = URI.create(settings.issuer());
        this.origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
    }

    /** A virtual user: an account made through SCIM, its passkey made by the registration ceremony of a real login. */
    record User(String username, String email, SoftwareAuthenticator passkey, String[] refreshToken) {
    }

    User newUser(String scimToken) throws InterruptedException {
        User account = newAccount(scimToken);
        User user = new User(account.username(), account.email(), new SoftwareAuthenticator(), new String[1]);
        enrol(user);
        return user;
    }

    /** Password, the emailed code, then the login's passkey offer answered by the software authenticator. */
    private void enrol(User user) throws InterruptedException {
        Browser b = new Browser(http);
        Page login = identify(b, user.username());
        HttpResponse<String> code = b.post(settings.issuer() + "/login/password", Map.of("interaction", login.interaction(),
                "csrf", login.csrf(), "password", settings.password()));
        if (code.statusCode() == 303) {
            code = b.get(Browser.location(code).toString());
        }
        expect(code, 200, "password");
        HttpResponse<String> offer = b.post(settings.issuer() + "/login/code/verify", Map.of("interaction", login.interaction(),
                "csrf", login.csrf(), "code", mail.nextCode(user.email())));
        if (offer.statusCode() == 303 && Browser.location(offer).getPath().endsWith("/login")) {
            offer = b.get(Browser.location(offer).toString());
        }
        if (!offer.body().contains("data-mode=\"register\"")) {
            throw new Browser.Failure("no passkey offer after the code (status " + offer.statusCode() + ")");
        }
        String json = "{\"interaction\":\"" + login.interaction() + "\"}";
        HttpResponse<String> options = b.postJson(settings.issuer() + "/login/passkey/register/options", json, login.csrf());
        String rpId = Browser.json(options.body().replaceAll("(?s).*\"rp\"\\s*:\\s*\\{([^}]*)\\}.*", "{$1}"), "id");
        String userId = Browser.json(options.body().replaceAll("(?s).*\"user\"\\s*:\\s*\\{([^}]*)\\}.*", "{$1}"), "id");
        String credential = user.passkey().create(rpId, origin, Browser.json(options.body(), "challenge"), userId);
        HttpResponse<String> done = b.postJson(settings.issuer() + "/login/passkey/register/verify",
                "{\"interaction\":\"" + login.interaction() + "\",\"credential\":" + credential + "}", login.csrf());
        user.refreshToken()[0] = finish(b, Browser.json(done.body(), "next"));
    }

    /** authorize → identifier page → identifier → options → verify → resume → token. @return the refresh token */
    String passkeyLogin(User user) {
        Browser b = new Browser(http);
        return finish(b, passkey(b, identify(b, user.username()), user));
    }

    /** The passkey part of a login: options, the authenticator's assertion, verify. @return where the login resumes */
    private String passkey(Browser b, Page login, User user) {
        if (!login.body().contains("data-mode=\"autostart\"") && !login.body().contains("data-mode=\"button\"")) {
            throw new Browser.Failure("no passkey page after the identifier");
        }
        String json = "{\"interaction\":\"" + login.interaction() + "\"}";
        HttpResponse<String> options = b.postJson(settings.issuer() + "/login/passkey/options", json, login.csrf());
        expect(options, 200, "passkey options");
        String credential = user.passkey().get(Browser.json(options.body(), "rpId"), origin, Browser.json(options.body(), "challenge"));
        HttpResponse<String> verified = b.postJson(settings.issuer() + "/login/passkey/verify",
                "{\"interaction\":\"" + login.interaction() + "\",\"credential\":" + credential + "}", login.csrf());
        return Browser.json(verified.body(), "next");
    }

    /**
     * Signs in to the app behind the Passgate filter as a browser does: the app's page sends it to the provider, the
     * passkey login runs there, and the provider sends it back to the app's callback, which starts the app's session.
     * @return the browser, holding the app's session cookie
     */
    Browser signInToApp(User user) {
        Browser b = new Browser(http);
        HttpResponse<String> toProvider = b.get(settings.appUrl());
        if (toProvider.statusCode() != 302 && toProvider.statusCode() != 303) {
            throw new Browser.Failure("app: " + settings.appUrl() + " answered HTTP " + toProvider.statusCode()
                    + " to a visitor, not a redirect to the provider (is it behind the filter?)");
        }
        Page login = identifyAt(b, Browser.location(toProvider).toString(), user.username(), "continue");
        HttpResponse<String> r = b.get(passkey(b, login, user));
        for (int hops = 0; hops < 4 && (r.statusCode() == 302 || r.statusCode() == 303); hops++) {
            r = b.get(Browser.location(r).toString()); // provider resume → app callback → the page first asked for
        }
        expect(r, 200, "app page after the sign-in");
        return b;
    }

    /** One request of a signed-in browser to the app (the filter's signed-in check, then the page). */
    void appPage(Browser signedIn, String url) {
        expect(signedIn.get(url), 200, "app page");
    }

    /** An account made through SCIM alone (a password, an email address): what password-login signs in to. */
    User newAccount(String scimToken) {
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 12);
        String email = name + "@bench.invalid";
        HttpResponse<String> created = new Browser(http).send(java.net.http.HttpRequest.newBuilder(URI.create(settings.issuer()
                        + "/scim/v2/Users")).header("Content-Type", "application/scim+json").header("Authorization", "Bearer " + scimToken)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                        + "\"userName\":\"" + name + "\",\"password\":\"" + settings.password() + "\",\"emails\":[{\"value\":\"" + email
                        + "\",\"primary\":true}]}")));
        expect(created, 201, "SCIM create");
        return new User(name, email, null, new String[1]);
    }

    /**
     * authorize → identifier page → identifier ("use password") → password → the code, read from the SMTP sink → the
     * passkey offer put off ("I'll do it later", when it is shown) → resume → token. @return the refresh token
     */
    String passwordLogin(User user) {
        Browser b = new Browser(http);
        Page login = identify(b, user.username(), "password");
        if (!login.body().contains("name=\"password\"")) {
            throw new Browser.Failure("no password page after the identifier");
        }
        Map<String, String> binding = Map.of("interaction", login.interaction(), "csrf", login.csrf());
        mail.forget(user.email()); // a code an earlier, failed login left is not this login's
        HttpResponse<String> code = b.post(settings.issuer() + "/login/password", with(binding, "password", settings.password()));
        if (code.statusCode() == 303) {
            code = b.get(Browser.location(code).toString());
        }
        expect(code, 200, "password");
        if (!code.body().contains("name=\"code\"")) {
            throw new Browser.Failure("password: no code page (a refusal or a lock?)");
        }
        String typed;
        try {
            typed = mail.nextCode(user.email());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Browser.Failure("interrupted while waiting for the code");
        }
        HttpResponse<String> r = b.post(settings.issuer() + "/login/code/verify", with(binding, "code", typed));
        for (int hops = 0; hops < 6; hops++) {
            if (r.statusCode() == 303) {
                URI to = Browser.location(r);
                if (to.getPath().startsWith(URI.create(settings.issuer()).getPath() + "/authorize")) {
                    return finish(b, to.toString());
                }
                r = b.get(to.toString());
            } else if (r.statusCode() == 200 && r.body().contains("data-mode=\"register\"")) {
                r = b.post(settings.issuer() + "/login/offer/skip", binding);
            } else {
                break;
            }
        }
        throw new Browser.Failure("code: HTTP " + r.statusCode() + " did not lead back to the application");
    }

    private static Map<String, String> with(Map<String, String> binding, String name, String value) {
        Map<String, String> form = new LinkedHashMap<>(binding);
        form.put(name, value);
        return form;
    }

    /** Refresh with rotation: the new refresh token replaces the old one. */
    void refresh(User user) {
        HttpResponse<String> r = new Browser(http).postBasic(settings.issuer() + "/token", Map.of("grant_type", "refresh_token",
                "refresh_token", user.refreshToken()[0]), settings.clientId(), settings.clientSecret());
        expect(r, 200, "refresh");
        user.refreshToken()[0] = Browser.json(r.body(), "refresh_token");
    }

    void clientCredentials() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        settings.scope().ifPresent(s -> form.put("scope", s));
        expect(new Browser(http).postBasic(settings.issuer() + "/token", form, settings.machineClientId(),
                settings.machineClientSecret()), 200, "client_credentials");
    }

    void discovery() {
        expect(new Browser(http).get(settings.issuer() + "/.well-known/openid-configuration"), 200, "discovery");
    }

    /** A SCIM bearer token for the setup (client_credentials with scope scim). */
    String scimToken() {
        HttpResponse<String> r = new Browser(http).postBasic(settings.issuer() + "/token", Map.of("grant_type", "client_credentials",
                "scope", "scim"), settings.scimClientId(), settings.scimClientSecret());
        expect(r, 200, "SCIM token");
        return Browser.json(r.body(), "access_token");
    }

    private record Page(String interaction, String csrf, String body) {
    }

    /** authorize → identifier page → identifier, as a browser whose script found WebAuthn and a platform authenticator. */
    private Page identify(Browser b, String username) {
        return identify(b, username, "continue");
    }

    /** @param mode the identifier form's button: {@code continue}, or {@code password} ("Use password instead") */
    private Page identify(Browser b, String username, String mode) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", settings.clientId());
        params.put("redirect_uri", settings.redirectUri());
        params.put("response_type", "code");
        params.put("scope", "openid profile email");
        params.put("state", UUID.randomUUID().toString());
        params.put("nonce", UUID.randomUUID().toString());
        params.put("prompt", "login");
        return identifyAt(b, settings.issuer() + "/authorize?" + Browser.form(params), username, mode);
    }

    private Page identifyAt(Browser b, String authorizeUrl, String username, String mode) {
        HttpResponse<String> authorize = b.get(authorizeUrl);
        HttpResponse<String> page = b.get(Browser.location(authorize).toString());
        expect(page, 200, "identifier page");
        String interaction = Browser.hidden(page.body(), "interaction");
        String csrf = Browser.hidden(page.body(), "csrf");
        HttpResponse<String> next = b.post(settings.issuer() + "/login/identify", Map.of("interaction", interaction, "csrf", csrf,
                "identifier", username, "mode", mode, "webauthn", "true", "platform", "true", "conditional", "false",
                "hybrid", "true", "probe", "complete"));
        expect(next, 200, "identifier");
        return new Page(interaction, csrf, next.body());
    }

    /** From the login's "next" (resume) to the client's redirect, then the code for tokens. @return the refresh token */
    private String finish(Browser b, String resume) {
        HttpResponse<String> back = b.get(resume);
        String code = Browser.query(Browser.location(back), "code");
        HttpResponse<String> tokens = new Browser(http).postBasic(settings.issuer() + "/token", Map.of("grant_type",
                "authorization_code", "code", code, "redirect_uri", settings.redirectUri()), settings.clientId(), settings.clientSecret());
        expect(tokens, 200, "token");
        return Browser.json(tokens.body(), "refresh_token");
    }

    private static void expect(HttpResponse<String> r, int status, String step) {
        if (r.statusCode() != status) {
            String body = r.body() == null ? "" : r.body();
            throw new Browser.Failure(step + ": HTTP " + r.statusCode() + " " + (body.length() > 200 ? body.substring(0, 200) : body));
        }
    }
}
