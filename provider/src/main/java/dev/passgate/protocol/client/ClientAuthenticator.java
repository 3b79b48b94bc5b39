package dev.passgate.protocol.client;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientAuthenticationVerifier;
import com.nimbusds.oauth2.sdk.auth.verifier.ClientCredentialsSelector;
import com.nimbusds.oauth2.sdk.auth.verifier.Context;
import com.nimbusds.oauth2.sdk.auth.verifier.ExpendedJTIChecker;
import com.nimbusds.oauth2.sdk.auth.verifier.InvalidClientException;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;

import dev.passgate.security.Secrets;

/**
 * Authenticates clients at the token, revocation and introspection endpoints (RFC 6749 §2.3,
 * OIDC Core §9): {@code client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt}
 * (RFC 7523, with replayed assertions refused) and {@code none} for public clients. A client must
 * use the method it registered; anything else is {@code invalid_client}.
 */
public final class ClientAuthenticator {
    private final ClientRegistry clients;
    private final ClientAuthenticationVerifier<Client> jwtVerifier;
    private final Map<URI, JWKSource<SecurityContext>> remoteKeys = new ConcurrentHashMap<>();
    private final Audience issuer;

    /** The longest a client assertion may live: a stolen one is worth little for long. */
    static final Duration MAX_ASSERTION_LIFE = Duration.ofMinutes(5);

    public ClientAuthenticator(ClientRegistry clients, AssertionReplayStore grants, URI issuer) {
        this.clients = clients;
        this.issuer = new Audience(issuer);
        Set<Audience> audiences = Set.of(this.issuer);
        this.jwtVerifier = new ClientAuthenticationVerifier<>(new KeySelector(), audiences, new ReplayChecker(grants));
    }

    /** Who is calling, or the answer that refuses the call. */
    public record Caller(Client client, HTTPResponse refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * The prelude of the token, revocation and introspection endpoints: the authenticated client,
     * or RFC 6749 §5.2 {@code invalid_client} (401 with a Basic challenge).
     *
     * @param credentialsRequired whether a public client (no credentials, only {@code client_id}) is refused
     */
    public Caller caller(ClientAuthentication auth, ClientID clientId, boolean credentialsRequired) {
        try {
            if (credentialsRequired && auth == null) {
                throw new Failure("This endpoint requires client authentication");
            }
            return new Caller(authenticate(auth, clientId), null);
        } catch (Failure f) {
            HTTPResponse response = new TokenErrorResponse(f.error()).toHTTPResponse();
            response.setHeader("WWW-Authenticate", "Basic realm=\"passgate\"");
            return new Caller(null, response);
        }
    }

    /** Thrown for every authentication failure; carries {@code invalid_client} (401). */
    public static final class Failure extends Exception {
        private final ErrorObject error;

        public Failure(String description) {
            super(description);
            this.error = OAuth2Error.INVALID_CLIENT.setDescription(ErrorObject.removeIllegalChars(description));
        }

        public ErrorObject error() {
            return error;
        }
    }

    /**
     * Before the signature: the audience is exactly the issuer, as one value (the token endpoint's
     * URL or a list of audiences would let an assertion made for another server be replayed here),
     * and the assertion has an expiry no more than {@link #MAX_ASSERTION_LIFE} after it was made.
     */
    private void checkAssertionShape(PrivateKeyJWT assertion) throws Failure {
        var claims = assertion.getJWTAuthenticationClaimsSet();
        List<Audience> aud = claims.getAudience();
        if (aud == null || aud.size() != 1 || !issuer.equals(aud.get(0))) {
            throw new Failure("Client assertion rejected: aud must be exactly the issuer " + issuer.getValue()
                    + ", as a single value");
        }
        if (claims.getExpirationTime() == null) {
            throw new Failure("Client assertion rejected: exp is required");
        }
        Instant now = Instant.now();
        Instant exp = claims.getExpirationTime().toInstant();
        Instant made = claims.getIssueTime() != null ? claims.getIssueTime().toInstant() : now;
        // Nimbus checks exp and nbf, not iat: an assertion "made" in the future would pass the lifetime rule
        // below and stay usable until then. A minute of clock skew, no more.
        if (made.isAfter(now.plusSeconds(60)) || exp.isAfter(now.plus(MAX_ASSERTION_LIFE).plusSeconds(60))) {
            throw new Failure("Client assertion rejected: iat lies in the future or exp more than "
                    + MAX_ASSERTION_LIFE.toMinutes() + " minutes ahead");
        }
        // Two seconds for libraries that take iat and exp from two clock readings, rounded to seconds.
        if (Duration.between(made, exp).compareTo(MAX_ASSERTION_LIFE.plusSeconds(2)) > 0) {
            throw new Failure("Client assertion rejected: it may live at most " + MAX_ASSERTION_LIFE.toMinutes()
                    + " minutes (exp - iat)");
        }
    }

    /**
     * @param auth     the credentials in the request, or null for a public client
     * @param clientId the {@code client_id} parameter a public client sends instead
     */
    public Client authenticate(ClientAuthentication auth, ClientID clientId) throws Failure {
        ClientID id = auth != null ? auth.getClientID() : clientId;
        Client client = clients.find(id == null ? null : id.getValue()).filter(c -> !clients.isBuiltIn(c.id()))
                .orElseThrow(() -> new Failure("Unknown client or bad credentials"));
        ClientAuthenticationMethod used = auth == null ? ClientAuthenticationMethod.NONE : auth.getMethod();
        if (!used.equals(client.authMethod())) {
            throw new Failure("This client must authenticate with " + client.authMethod());
        }
        if (auth instanceof ClientSecretBasic basic) {
            checkSecret(client, basic.getClientSecret());
        } else if (auth instanceof ClientSecretPost post) {
            checkSecret(client, post.getClientSecret());
        } else if (auth instanceof PrivateKeyJWT assertion) {
            checkAssertionShape(assertion);
            try {
                Context<Client> context = new Context<>();
                context.set(client);
                jwtVerifier.verify(auth, null, context);
            } catch (InvalidClientException | JOSEException e) {
                throw new Failure("Client assertion rejected: " + e.getMessage());
            } catch (ReplayedAssertion e) {
                throw new Failure("This client assertion was already used: make a new one for each request");
            }
        } else if (auth != null) {
            throw new Failure("Unsupported client authentication method");
        }
        return client;
    }

    private static void checkSecret(Client client, Secret presented) throws Failure {
        String expected = client.secretHash().orElse(null);
        if (expected == null || !Secrets.equal(expected, Secrets.sha256(presented.getValue()))) {
            throw new Failure("Unknown client or bad credentials");
        }
    }

    /** Public keys for private_key_jwt: inline {@code jwks}, or {@code jwks_uri} fetched and cached by Nimbus. */
    private final class KeySelector implements ClientCredentialsSelector<Client> {
        @Override
        public List<Secret> selectClientSecrets(ClientID id, ClientAuthenticationMethod method, Context<Client> ctx) {
            return List.of(); // secrets are checked by hash above, never handed to the verifier in clear
        }

        @Override
        public List<? extends PublicKey> selectPublicKeys(ClientID id, ClientAuthenticationMethod method, JWSHeader header,
                                                          boolean forceRefresh, Context<Client> ctx)
                throws InvalidClientException {
            Client client = ctx.get();
            JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
            List<JWK> candidates;
            try {
                if (client.metadata().getJWKSet() != null) {
                    candidates = selector.select(client.metadata().getJWKSet());
                } else {
                    URI uri = client.metadata().getJWKSetURI();
                    candidates = remoteKeys.computeIfAbsent(uri, ClientAuthenticator::remote).get(selector, null);
                }
            } catch (Exception e) {
                throw new InvalidClientException("The client's keys cannot be read: " + e.getMessage());
            }
            List<PublicKey> keys = new ArrayList<>();
            for (JWK jwk : candidates) {
                if (jwk instanceof AsymmetricJWK asymmetric) {
                    try {
                        keys.add(asymmetric.toPublicKey());
                    } catch (JOSEException ignored) {
                        // an unusable key cannot have signed the assertion; try the others
                    }
                }
            }
            return keys;
        }
    }

    private static JWKSource<SecurityContext> remote(URI uri) {
        try {
            return JWKSourceBuilder.create(uri.toURL()).retrying(true).build();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** RFC 7523 §3 item 7: an assertion's {@code jti} may be used once. Kept in the database for every node. */
    private record ReplayChecker(AssertionReplayStore grants) implements ExpendedJTIChecker<Client> {
        @Override
        public boolean isExpended(JWTID jti, ClientID clientId, ClientAuthenticationMethod method, Context<Client> ctx) {
            return false; // markExpended refuses atomically instead; see below
        }

        @Override
        public void markExpended(JWTID jti, java.util.Date exp, ClientID clientId, ClientAuthenticationMethod method,
                                 Context<Client> ctx) {
            Instant until = exp == null ? Instant.now().plusSeconds(600) : exp.toInstant();
            if (!grants.rememberAssertion(Secrets.sha256(clientId.getValue() + "\n" + jti.getValue()), until)) {
                throw new ReplayedAssertion();
            }
        }
    }

    private static final class ReplayedAssertion extends RuntimeException {
    }
}
