package dev.passgate.protocol.token;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Nonce;

import dev.passgate.config.PassgateSettings.TokenSettings;
import dev.passgate.protocol.session.SsoSession;
import dev.passgate.security.Secrets;

/** Issues authorization codes: 256 random bits, stored as SHA-256, single use, short-lived. */
public final class CodeIssuer {
    private final GrantStore grants;
    private final TokenSettings ttl;
    private final Clock clock;

    public CodeIssuer(GrantStore grants, TokenSettings ttl, Clock clock) {
        this.grants = grants;
        this.ttl = ttl;
        this.clock = clock;
    }

    public AuthorizationCode issue(String clientId, URI redirectUri, Scope scope, CodeChallenge challenge,
                                   CodeChallengeMethod method, Nonce nonce, SsoSession session) {
        Instant now = clock.instant();
        Grant grant = new Grant(Secrets.timeOrderedId(), clientId, Optional.of(session.userId()), scope.toString(),
                Optional.of(session.sid()), session.authTime(), session.amr(), session.acr(), now,
                now.plus(ttl.refreshTtl()), Optional.empty());
        AuthorizationCode code = new AuthorizationCode(Secrets.newToken());
        grants.saveGrantWithCode(grant, new IssuedCode(Secrets.sha256(code.getValue()), grant.id(), clientId,
                redirectUri.toString(),
                Optional.ofNullable(challenge).map(CodeChallenge::getValue),
                Optional.ofNullable(challenge).map(c -> (method == null ? CodeChallengeMethod.PLAIN : method).getValue()),
                Optional.ofNullable(nonce).map(Nonce::getValue),
                now.plus(ttl.codeTtl()), Optional.empty()));
        return code;
    }
}
