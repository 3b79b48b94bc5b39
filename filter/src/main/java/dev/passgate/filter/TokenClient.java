package dev.passgate.filter;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.io.IOException;
import java.net.URI;

/**
 * Calls the provider's token endpoint: the authorization code grant (RFC 6749 §4.1.3, with
 * the PKCE verifier of RFC 7636 §4.5) and the refresh token grant (RFC 6749 §6). A
 * confidential client authenticates with client_secret_basic; a public client sends its
 * client_id and relies on PKCE.
 */
final class TokenClient {

    private final FilterSettings settings;
    private final ClientID clientId;

    TokenClient(FilterSettings settings) {
        this.settings = settings;
        this.clientId = new ClientID(settings.clientId());
    }

    AccessTokenResponse exchangeCode(URI tokenEndpoint, AuthorizationCode code, URI redirectUri,
            CodeVerifier verifier) throws ProviderErrorException, ProviderUnavailableException {
        return send(tokenEndpoint, new AuthorizationCodeGrant(code, redirectUri, verifier));
    }

    AccessTokenResponse refresh(URI tokenEndpoint, RefreshToken refreshToken)
            throws ProviderErrorException, ProviderUnavailableException {
        return send(tokenEndpoint, new RefreshTokenGrant(refreshToken));
    }

    private AccessTokenResponse send(URI tokenEndpoint, AuthorizationGrant grant)
            throws ProviderErrorException, ProviderUnavailableException {
        TokenRequest request = settings.publicClient()
                ? new TokenRequest(tokenEndpoint, clientId, grant)
                : new TokenRequest(tokenEndpoint,
                        new ClientSecretBasic(clientId, new Secret(settings.clientSecret())), grant);
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout((int) settings.httpConnectTimeout().toMillis());
        http.setReadTimeout((int) settings.httpReadTimeout().toMillis());
        HTTPResponse response;
        try {
            response = http.send();
        } catch (IOException e) {
            throw new ProviderUnavailableException("Token endpoint unreachable: " + e.getMessage(), e);
        }
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw new ProviderUnavailableException("Token endpoint answered HTTP "
                    + response.getStatusCode() + " with no valid token response", e);
        }
        if (parsed.indicatesSuccess()) {
            return parsed.toSuccessResponse();
        }
        ErrorObject error = parsed.toErrorResponse().getErrorObject();
        if (response.getStatusCode() >= 500) {
            throw new ProviderUnavailableException("Token endpoint failed: HTTP "
                    + response.getStatusCode() + " " + error.getCode(), null);
        }
        throw new ProviderErrorException(error);
    }
}
