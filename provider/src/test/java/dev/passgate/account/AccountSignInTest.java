package dev.passgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;

import dev.passgate.protocol.token.Grant;
import dev.passgate.protocol.token.GrantStore;
import dev.passgate.protocol.token.IssuedCode;
import dev.passgate.security.Secrets;

/** The account pages' sign-in as this provider's own client: what it asks for, and which answers it takes. */
class AccountSignInTest {
    static final URI ISSUER = URI.create("https://login.example.com/auth");
    final Instant now = Instant.parse("2026-12-01T10:00:00Z");
    final Codes codes = new Codes();
    final AccountSignIn signIn = new AccountSignIn(codes, ISSUER, URI.create(ISSUER + "/authorize"), Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void startWhenSignedOutThenCodeFlowWithPkceToTheCallbackAndNoPrompt() {
        AccountSignIn.Started started = signIn.start("/account", Optional.empty(), false);
        Map<String, List<String>> q = URLUtils.parseParameters(started.authorize().getRawQuery());
        assertEquals(ISSUER + "/authorize", started.authorize().toString().split("\\?")[0]);
        assertEquals(List.of(AccountSignIn.CLIENT_ID), q.get("client_id"));
        assertEquals(List.of(ISSUER + "/account/callback"), q.get("redirect_uri"));
        assertEquals(List.of("S256"), q.get("code_challenge_method"));
        assertFalse(q.containsKey("prompt"));
        String[] cookie = started.cookieValue().split("\\.");
        assertEquals(q.get("state").get(0), cookie[0]);
        assertEquals(q.get("code_challenge").get(0), CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(cookie[1])).getValue());
    }

    @Test
    void startWhenReverifyingThenPromptLoginWithTheUsername() {
        Map<String, List<String>> q = URLUtils.parseParameters(signIn.start("/account", Optional.of("ada"), true).authorize().getRawQuery());
        assertEquals(List.of("login"), q.get("prompt"));
        assertEquals(List.of("ada"), q.get("login_hint"));
    }

    @Test
    void returnPathWhenNotAnAccountPageThenTheAccountPage() {
        assertEquals("/account/passkeys/delete?id=AbC-_1", AccountSignIn.safeReturn("/account/passkeys/delete?id=AbC-_1"));
        for (String bad : new String[] {null, "", "https://evil.example/account", "//evil.example", "/account/../admin",
                "/accountx", "/account?next=https://evil.example", "/account/passkeys\r\nSet-Cookie: x", "/account/PASSKEYS"}) {
            assertEquals("/account", AccountSignIn.safeReturn(bad), String.valueOf(bad));
        }
    }

    @Test
    void finishWhenTheAnswerToThisBrowsersSignInThenThePageAskedForAndTheGrantEnded() {
        AccountSignIn.Started started = signIn.start("/account/passkeys/delete?id=AAAA", Optional.empty(), false);
        Map<String, List<String>> answer = answer(started, codes.issue(started, ISSUER + "/account/callback", now.plusSeconds(60)));
        assertEquals(Optional.of("/account/passkeys/delete?id=AAAA"), signIn.finish(answer, started.cookieValue()));
        assertEquals(List.of("grant-1"), codes.revoked);
        assertEquals(Optional.empty(), signIn.finish(answer, started.cookieValue()), "a code is redeemed once");
    }

    @Test
    void finishWhenAnyPartDoesNotMatchThenRefused() {
        AccountSignIn.Started started = signIn.start("/account", Optional.empty(), false);
        AccountSignIn.Started other = signIn.start("/account", Optional.empty(), false);
        String cb = ISSUER + "/account/callback";
        // another browser's state
        assertEquals(Optional.empty(), signIn.finish(answer(started, codes.issue(started, cb, now.plusSeconds(60))), other.cookieValue()));
        // the PKCE verifier of another sign-in, though the state matches
        String[] parts = started.cookieValue().split("\\.");
        String swapped = parts[0] + "." + other.cookieValue().split("\\.")[1] + "." + parts[2];
        assertEquals(Optional.empty(), signIn.finish(answer(started, codes.issue(started, cb, now.plusSeconds(60))), swapped));
        // expired, another redirect URI, another issuer, an error answer, no cookie, a broken cookie
        assertEquals(Optional.empty(), signIn.finish(answer(started, codes.issue(started, cb, now)), started.cookieValue()));
        assertEquals(Optional.empty(), signIn.finish(answer(started, codes.issue(started, "https://evil.example/cb",
                now.plusSeconds(60))), started.cookieValue()));
        Map<String, List<String>> foreign = answer(started, codes.issue(started, cb, now.plusSeconds(60)));
        foreign.put("iss", List.of("https://evil.example"));
        assertEquals(Optional.empty(), signIn.finish(foreign, started.cookieValue()));
        Map<String, List<String>> error = new HashMap<>(Map.of("error", List.of("access_denied"), "state",
                List.of(parts[0])));
        assertEquals(Optional.empty(), signIn.finish(error, started.cookieValue()));
        Map<String, List<String>> good = answer(started, codes.issue(started, cb, now.plusSeconds(60)));
        assertEquals(Optional.empty(), signIn.finish(good, null));
        assertEquals(Optional.empty(), signIn.finish(good, "a.b"));
        assertEquals(Optional.empty(), signIn.finish(good, parts[0] + ".short." + parts[2]));
        assertTrue(signIn.finish(good, started.cookieValue()).isPresent(), "the untouched answer still works");
    }

    /** A leaked code of another application, sent to the account callback with a made-up cookie: that grant lives on. */
    @Test
    void finishWhenTheCodeIsAnotherClientsThenRefusedAndItsGrantUntouched() {
        AccountSignIn.Started started = signIn.start("/account", Optional.empty(), false);
        String foreign = codes.issue(started, ISSUER + "/account/callback", now.plusSeconds(60), "web");
        assertEquals(Optional.empty(), signIn.finish(answer(started, foreign), started.cookieValue()));
        assertEquals(List.of(), codes.revoked);
        assertTrue(codes.byHash.get(Secrets.sha256(foreign)).usedAt().isEmpty(), "not burnt either");
    }

    @Test
    void finishWhenTheAnswerIsUnreadableThenRefusedNotThrown() {
        AccountSignIn.Started started = signIn.start("/account", Optional.empty(), false);
        String state = URLUtils.parseParameters(started.authorize().getRawQuery()).get("state").get(0);
        for (Map<String, List<String>> q : List.of(Map.of("code", List.of(""), "state", List.of(state)),
                Map.of("code", List.of("a", "b"), "state", List.of(state)), Map.<String, List<String>>of(),
                Map.of("state", List.of(state)))) {
            assertEquals(Optional.empty(), signIn.finish(new HashMap<>(q), started.cookieValue()), q.toString());
        }
    }

    private static Map<String, List<String>> answer(AccountSignIn.Started started, String code) {
        String state = URLUtils.parseParameters(started.authorize().getRawQuery()).get("state").get(0);
        return new HashMap<>(Map.of("code", List.of(code), "state", List.of(state), "iss", List.of(ISSUER.toString())));
    }

    /** Codes as the token store keeps them: hashed, single use, one grant each. */
    static final class Codes implements GrantStore {
        final Map<String, IssuedCode> byHash = new HashMap<>();
        final List<String> revoked = new ArrayList<>();
        int grants;

        String issue(AccountSignIn.Started started, String redirectUri, Instant expires) {
            return issue(started, redirectUri, expires, AccountSignIn.CLIENT_ID);
        }

        String issue(AccountSignIn.Started started, String redirectUri, Instant expires, String clientId) {
            String challenge = URLUtils.parseParameters(started.authorize().getRawQuery()).get("code_challenge").get(0);
            String code = Secrets.newToken();
            byHash.put(Secrets.sha256(code), new IssuedCode(Secrets.sha256(code), "grant-" + (++grants), clientId,
                    redirectUri, Optional.of(challenge), Optional.of("S256"), Optional.empty(), expires, Optional.empty()));
            return code;
        }

        /** As JpaGrantStore does: another client's code comes back as it is, unmarked (a thief must not burn it). */
        @Override
        public Optional<IssuedCode> redeemCode(String codeHash, String clientId, Instant at) {
            IssuedCode c = byHash.get(codeHash);
            if (c == null) {
                return Optional.empty();
            }
            if (!c.clientId().equals(clientId)) {
                return Optional.of(c);
            }
            byHash.put(codeHash, new IssuedCode(c.codeHash(), c.grantId(), c.clientId(), c.redirectUri(), c.codeChallenge(),
                    c.codeChallengeMethod(), c.nonce(), c.expiresAt(), Optional.of(at)));
            return Optional.of(c);
        }

        @Override
        public Optional<Grant> revokeGrant(String grantId, Instant at) {
            revoked.add(grantId);
            return Optional.empty();
        }

        @Override
        public void saveGrantWithCode(Grant grant, IssuedCode code) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Grant> findGrant(String grantId) {
            return Optional.empty();
        }

        @Override
        public void revokeForUser(String userId, Instant at) {
        }

        @Override
        public int purge(Instant at) {
            return 0;
        }
    }
}
