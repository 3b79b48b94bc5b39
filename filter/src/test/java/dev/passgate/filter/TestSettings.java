package dev.passgate.filter;

import java.util.HashMap;
import java.util.Map;

/** Settings as a web.xml would give them; tests change what they need. */
final class TestSettings {

    private TestSettings() {
    }

    static Map<String, String> initParams() {
        Map<String, String> params = new HashMap<>();
        params.put("issuer", TestTokens.ISSUER);
        params.put("client-id", TestTokens.CLIENT_ID);
        params.put("client-secret", "sample-app-secret-change-me");
        return params;
    }

    static FilterSettings parse(Map<String, String> initParams) {
        return FilterSettings.parse(p -> initParams.get(p.parameterName()));
    }

    static FilterSettings defaults() {
        return parse(initParams());
    }
}
