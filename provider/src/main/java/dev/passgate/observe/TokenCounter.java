package dev.passgate.observe;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code passgate_token_requests_total{grant, result}}: token requests by grant type and whether
 * tokens were issued. Kept out of the audit trail on purpose: a token request writes no audit row
 * (one commit for client_credentials is the performance target), so it is counted here. The grant
 * label is one of the grants Passgate serves or {@code other}: a client cannot invent labels.
 */
public final class TokenCounter {
    static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token", "client_credentials");

    private final MetricRegistry registry;

    public TokenCounter(MetricRegistry registry) {
        this.registry = registry;
    }

    /** @param params the request's form parameters, as parsed */
    public void count(Map<String, List<String>> params, boolean issued) {
        registry.counter("passgate_token_requests", new Tag("grant", grant(params)), new Tag("result", issued ? "issued" : "refused"))
                .inc();
    }

    static String grant(Map<String, List<String>> params) {
        List<String> v = params == null ? null : params.get("grant_type");
        String g = v == null || v.size() != 1 ? "" : v.get(0);
        return GRANTS.contains(g) ? g : "other";
    }
}
