package dev.passgate.account;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.rp.OIDCClientMetadata;

import dev.passgate.protocol.client.Client;
import dev.passgate.protocol.token.GrantStore;
import dev.passgate.protocol.token.IssuedCode;
import dev.passgate.security.Secrets;

/**
 * How the account pages sign a person in: as a client of this provider (Keycloak's account console
 * does the same), so the pages get the passkey-first login, its fallback, healing and throttles
 * unchanged, and the single sign-on session it leaves behind is what they run on.
 *
 * <p>The client is built in, public and PKCE-bound; its only redirect URI is {@code /account/callback}.
 * The callback redeems the code itself (the pages need the session, not tokens) and revokes the grant,
 * so no token of this client ever exists. The state, the PKCE verifier and the page to return to
 * travel in a cookie of the browser that started, so a code from someone else's login is refused.
 */
public final class AccountSignIn {
    public static final String CLIENT_ID = "passgate-account";
    /** What the login pages call this client ("to continue to ..."). */
    static final String CLIENT_NAME = "your account";
    /**
     * The pages the sign-in may return to: the account pages and the support console (which runs on the same
     * sign-in), with at most an id (a credential's, an account's).
     */
    private static final Pattern RETURN = Pattern.compile("/(account|admin)(/[a-z-]{1,40}){0,3}(\\?id=[A-Za-z0-9_-]{1,1400})?");

    private final GrantStore grants;
    private final URI issuer;
    private final URI authorizationEndpoint;
    private final URI callback;
    private final Clock clock;

    public AccountSignIn(GrantStore grants, URI issuer, URI authorizationEndpoint, Clock clock) {
        this.grants = grants;
        this.issuer = issuer;
        this.authorizationEndpoint = authorizationEndpoint;
        this.callback = URI.create(issuer + "/account/callback");
        this.clock = clock;
    }

    /** The built-in client the account pages sign in through. */
    public static Client client(URI issuer) {
        OIDCClientMetadata metadata = new OIDCClientMetadata();
        metadata.setName(CLIENT_NAME);
        metadata.setRedirectionURI(URI.create(issuer + "/account/callback"));
        metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE));
        metadata.setResponseTypes(Set.of(ResponseType.CODE));
        metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
        metadata.setScope(new Scope("openid"));
        return new Client(CLIENT_ID, Optional.empty(), metadata);
    }

    /**
     * A sign-in about to start: where to send the browser, and the cookie value it must bring back.
     */
    public record Started(URI authorize, String cookieValue) {
    }

    /**
     * @param returnTo  the account page to come back to; anything but an account page becomes {@code /account}
     * @param reverify  the person is signed in but must verify again for a sensitive change:
     *                  {@code prompt=login}, with the username as {@code login_hint}
     */
    public Started start(String returnTo, Optional<String> loginHint, boolean reverify) {
        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
                new ClientID(CLIENT_ID), callback).endpointURI(authorizationEndpoint).state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        loginHint.ifPresent(request::loginHint);
        if (reverify) {
            request.prompt(new Prompt(Prompt.Type.LOGIN));
        }
        String path = safeReturn(returnTo);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String cookie = state.getValue() + "." + verifier.getValue() + "." + b64.encodeToString(path.getBytes(StandardCharsets.UTF_8));
        return new Started(request.build().toURI(), cookie);
    }

    /** {@code returnTo} when it names an account or console page, else {@code /account}: never a way off them. */
    public static String safeReturn(String returnTo) {
        return returnTo != null && RETURN.matcher(returnTo).matches() ? returnTo : "/account";
    }

    /**
     * The login came back: checks the response against the cookie of the browser that started it, redeems the
     * code (single use, this client's, PKCE) and ends its grant.
     *
     * @return the account page to show; empty when the response is not the answer to this browser's sign-in
     */
    public Optional<String> finish(Map<String, List<String>> params, String cookieValue) {
        String[] parts = cookieValue == null ? new String[0] : cookieValue.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        String expected; // checked before the code is redeemed: a mangled cookie must not burn a good code
        try {
            expected = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(parts[1])).getValue();
        } catch (IllegalArgumentException notAVerifier) {
            return Optional.empty();
        }
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callback, params);
        } catch (ParseException | RuntimeException e) { // Nimbus throws IllegalArgumentException on an empty code
            return Optional.empty();
        }
        if (!response.indicatesSuccess() || response.getState() == null
                || !Secrets.equal(parts[0], response.getState().getValue())
                || response.getIssuer() != null && !response.getIssuer().getValue().equals(issuer.toString())) {
            return Optional.empty();
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // The store hands back another client's code unmarked (so a thief cannot burn it): it is not ours to end.
        Optional<IssuedCode> issued = grants.redeemCode(Secrets.sha256(code.getValue()), CLIENT_ID, now)
                .filter(c -> CLIENT_ID.equals(c.clientId()));
        if (issued.isEmpty() || issued.get().usedAt().isPresent() || !now.isBefore(issued.get().expiresAt())) {
            return Optional.empty();
        }
        grants.revokeGrant(issued.get().grantId(), now); // the pages run on the session; this client holds no tokens
        if (!callback.toString().equals(issued.get().redirectUri())
                || !Secrets.equal(expected, issued.get().codeChallenge().orElse(""))) {
            return Optional.empty();
        }
        String path;
        try {
            path = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            path = "/account";
        }
        return Optional.of(safeReturn(path));
    }
}
