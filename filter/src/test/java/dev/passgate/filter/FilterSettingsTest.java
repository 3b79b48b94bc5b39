package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterSettingsTest {

    @Test
    void parseWhenOnlyRequiredThenDefaultsApply() {
        FilterSettings settings = TestSettings.defaults();

        assertEquals(URI.create(TestTokens.ISSUER), settings.issuer());
        assertEquals("/oidc/callback", settings.callbackPath());
        assertEquals(List.of("openid", "profile", "email"), settings.scopes());
        assertEquals(List.of(), settings.publicPaths());
        assertEquals(List.of(), settings.apiPaths());
        assertEquals("roles", settings.rolesClaim());
        assertEquals("/logout", settings.logoutPath());
        assertNull(settings.postLogoutRedirect());
        assertEquals("/oidc/backchannel-logout", settings.backchannelLogoutPath());
        assertEquals(Duration.ofSeconds(60), settings.clockSkew());
        assertEquals(Duration.ofSeconds(300), settings.jwksRefresh());
        assertEquals(Duration.ofMillis(2000), settings.httpConnectTimeout());
        assertEquals(Duration.ofMillis(5000), settings.httpReadTimeout());
        assertEquals(Duration.ofSeconds(60), settings.refreshAhead());
        assertFalse(settings.publicClient());
    }

    @Test
    void parseWhenListsGivenThenTrimmedAndSplit() {
        Map<String, String> params = TestSettings.initParams();
        params.put("public-paths", " /, /index.jsp ,/static/ ");
        params.put("api-paths", "/api/");

        FilterSettings settings = TestSettings.parse(params);

        assertEquals(List.of("/", "/index.jsp", "/static/"), settings.publicPaths());
        assertEquals(List.of("/api/"), settings.apiPaths());
    }

    @Test
    void parseWhenIssuerMissingThenParameterNamed() {
        Map<String, String> params = TestSettings.initParams();
        params.remove("issuer");

        assertInvalid(params, FilterParameter.ISSUER);
    }

    @ParameterizedTest
    @CsvSource({
            "issuer, not a url",
            "issuer, ftp://op.example.test",
            "issuer, /relative",
            "issuer, https://op.example.test?x=1",
            "client-id, ' '",
            "public-client, yes",
            "callback-path, oidc/callback",
            "callback-path, //evil.example",
            "logout-path, logout",
            "backchannel-logout-path, back channel",
            "public-paths, 'static/'",
            "api-paths, '/api/,api2/'",
            "scopes, profile email",
            "post-logout-redirect, /relative",
            "clock-skew-seconds, -1",
            "clock-skew-seconds, sixty",
            "jwks-refresh-seconds, -5",
            "http-connect-timeout-ms, -1",
            "http-connect-timeout-ms, 0",
            "http-read-timeout-ms, -100",
            "refresh-ahead-seconds, -60"
    })
    void parseWhenValueInvalidThenParameterNamed(String name, String value) {
        Map<String, String> params = TestSettings.initParams();
        params.put(name, value);
        FilterParameter parameter = java.util.Arrays.stream(FilterParameter.values())
                .filter(p -> p.parameterName().equals(name)).findFirst().orElseThrow();

        assertInvalid(params, parameter);
    }

    @Test
    void parseWhenSecretMissingOnConfidentialClientThenParameterNamed() {
        Map<String, String> params = TestSettings.initParams();
        params.remove("client-secret");

        assertInvalid(params, FilterParameter.CLIENT_SECRET);
    }

    @Test
    void parseWhenPublicClientWithoutSecretThenAccepted() {
        Map<String, String> params = TestSettings.initParams();
        params.remove("client-secret");
        params.put("public-client", "true");

        FilterSettings settings = TestSettings.parse(params);

        assertTrue(settings.publicClient());
        assertNull(settings.clientSecret());
    }

    @Test
    void parseWhenCallbackEqualsLogoutPathThenParameterNamed() {
        Map<String, String> params = TestSettings.initParams();
        params.put("logout-path", "/oidc/callback");

        assertInvalid(params, FilterParameter.CALLBACK_PATH);
    }

    @Test
    void layeredWhenSystemPropertySetThenItWinsOverEnvironmentAndInitParam() {
        var lookup = FilterSettings.layered(
                name -> name.equals("client-id") ? "from-web-xml" : null,
                name -> name.equals("passgate.filter.client-id") ? "from-system-property" : null,
                name -> name.equals("PASSGATE_FILTER_CLIENT_ID") ? "from-environment" : null);

        assertEquals("from-system-property", lookup.apply(FilterParameter.CLIENT_ID));
    }

    @Test
    void layeredWhenEnvironmentSetThenItWinsOverInitParam() {
        var lookup = FilterSettings.layered(
                name -> name.equals("client-id") ? "from-web-xml" : null,
                name -> null,
                name -> name.equals("PASSGATE_FILTER_CLIENT_ID") ? "from-environment" : null);

        assertEquals("from-environment", lookup.apply(FilterParameter.CLIENT_ID));
    }

    @Test
    void layeredWhenOverridesBlankThenInitParamUsed() {
        var lookup = FilterSettings.layered(name -> "from-web-xml", name -> " ", name -> "");

        assertEquals("from-web-xml", lookup.apply(FilterParameter.CLIENT_ID));
    }

    @Test
    void toStringWhenSecretSetThenHidden() {
        assertFalse(TestSettings.defaults().toString().contains("sample-app-secret-change-me"));
    }

    @Test
    void initWhenParameterInvalidThenServletExceptionNamesIt() {
        Map<String, String> params = TestSettings.initParams();
        params.put("clock-skew-seconds", "-1");

        ServletException e = assertThrows(ServletException.class, () -> new PassgateFilter().init(config(params)));

        assertTrue(e.getMessage().contains("'clock-skew-seconds'"), e.getMessage());
    }

    @Test
    void initWhenValidThenNoNetworkCallNeeded() throws ServletException {
        Map<String, String> params = TestSettings.initParams();
        params.put("issuer", "http://127.0.0.1:9");

        new PassgateFilter().init(config(params));
    }

    private static void assertInvalid(Map<String, String> params, FilterParameter parameter) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TestSettings.parse(params));
        assertSame(parameter, e.parameter());
        assertTrue(e.getMessage().contains("'" + parameter.parameterName() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(parameter.environmentVariable()), e.getMessage());
    }

    private static FilterConfig config(Map<String, String> params) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "passgate";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return params.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }
}
