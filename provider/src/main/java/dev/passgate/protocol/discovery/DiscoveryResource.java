package dev.passgate.protocol.discovery;


import java.util.List;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.ClaimType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

import dev.passgate.i18n.Languages;
import dev.passgate.config.PassgateSettings;
import dev.passgate.interaction.Acr;
import dev.passgate.protocol.keys.SigningKeys;

/** OIDC Discovery 1.0 §3 and RFC 8414 metadata, and the JWKS (RFC 7517) with every published key. */
@ApplicationScoped
@Path("/")
public class DiscoveryResource {
    @Inject
    PassgateSettings settings;
    @Inject
    SigningKeys keys;

    private volatile String metadataJson;

    @GET
    @Path(".well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response configuration() {
        String json = metadataJson;
        if (json == null) { // fixed for the life of the process: build once
            json = metadata().toJSONObject().toJSONString();
            metadataJson = json;
        }
        return Response.ok(json).header("Cache-Control", "public, max-age=300").build();
    }

    /** RFC 8414 §3 places the same document here too. */
    @GET
    @Path(".well-known/oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    public Response oauthMetadata() {
        return configuration();
    }

    @GET
    @Path("jwks")
    // RFC 7517 §8.5 names application/jwk-set+json, but clients that send Accept: application/json must get it too.
    @Produces({"application/jwk-set+json", MediaType.APPLICATION_JSON})
    public Response jwks() {
        return Response.ok(keys.publicKeys().toString(true)).header("Cache-Control", "public, max-age=60").build();
    }

    OIDCProviderMetadata metadata() {
        OIDCProviderMetadata m = new OIDCProviderMetadata(new Issuer(settings.issuerString()),
                List.of(SubjectType.PUBLIC), settings.endpoint("/jwks"));
        m.setAuthorizationEndpointURI(settings.endpoint("/authorize"));
        m.setTokenEndpointURI(settings.endpoint("/token"));
        m.setUserInfoEndpointURI(settings.endpoint("/userinfo"));
        m.setRevocationEndpointURI(settings.endpoint("/revoke"));
        m.setIntrospectionEndpointURI(settings.endpoint("/introspect"));
        m.setEndSessionEndpointURI(settings.endpoint("/logout"));
        m.setScopes(new Scope("openid", "profile", "email", "phone", "address", "offline_access"));
        m.setResponseTypes(List.of(ResponseType.CODE));
        m.setResponseModes(List.of(ResponseMode.QUERY, ResponseMode.FORM_POST));
        m.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS));
        List<ClientAuthenticationMethod> auth = List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                ClientAuthenticationMethod.NONE);
        m.setTokenEndpointAuthMethods(auth);
        m.setTokenEndpointJWSAlgs(List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256));
        m.setRevocationEndpointAuthMethods(auth);
        m.setIntrospectionEndpointAuthMethods(auth.subList(0, 3));
        m.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256));
        m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        m.setClaimTypes(List.of(ClaimType.NORMAL));
        m.setClaims(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp", "sid",
                "name", "given_name", "family_name", "preferred_username", "updated_at", "email", "email_verified",
                "phone_number", "phone_number_verified"));
        m.setACRs(List.of(new ACR(Acr.RECOVERY), new ACR(Acr.PASSWORD), new ACR(Acr.MFA), new ACR(Acr.PHISHING_RESISTANT)));
        m.setSupportsRequestParam(false);
        m.setSupportsRequestURIParam(false);
        m.setSupportsAuthorizationResponseIssuerParam(true);
        m.setSupportsBackChannelLogout(true);
        m.setSupportsBackChannelLogoutSession(true);
        m.setSupportsFrontChannelLogout(false);
        m.setUILocales(Languages.tags().stream().map(DiscoveryResource::langTag).toList());
        return m;
    }

    private static com.nimbusds.langtag.LangTag langTag(String tag) {
        try {
            return com.nimbusds.langtag.LangTag.parse(tag);
        } catch (com.nimbusds.langtag.LangTagException e) {
            throw new IllegalStateException(e);
        }
    }

}
