package dev.passgate.observe;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@code passgate_token_requests_total{grant, result}}: token requests by grant type and whether
 * tokens were issued; with {@code passgate.log.format=json}, also one JSON line per token request
 * in the {@code passgate.events} log, beside the login's events (grant and result only: never a
 * code, token or secret). Tokens issued, refreshed and revoked are also in the audit trail (written in the
 * token request's own commit); refusals are only counted here. The grant
 * label is one of the grants Passgate serves or {@code other}: a client cannot invent labels.
 */
public final class TokenCounter {
    /** Looked up once: {@code Json.create…} asks the class loader for the provider on every call. */
    private static final jakarta.json.spi.JsonProvider JSON = jakarta.json.spi.JsonProvider.provider();

    static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token", "client_credentials");

    private final MetricRegistry registry;
    private final boolean jsonLog;
    private final java.time.Clock clock;

    public TokenCounter(MetricRegistry registry) {
        this(registry, false, java.time.Clock.systemUTC());
    }

    /** @param jsonLog whether to write a JSON line per request ({@code passgate.log.format=json}) */
    public TokenCounter(MetricRegistry registry, boolean jsonLog, java.time.Clock clock) {
        this.registry = registry;
        this.jsonLog = jsonLog;
        this.clock = clock;
    }

    /** @param params the request's form parameters, as parsed */
    public void count(Map<String, List<String>> params, boolean issued) {
        String grant = grant(params);
        String result = issued ? "issued" : "refused";
        registry.counter("passgate_token_requests", new Tag("grant", grant), new Tag("result", result)).inc();
        if (jsonLog) {
            dev.passgate.audit.JsonEventLog.EVENTS.info(() -> line(clock.instant(), grant, result));
        }
    }

    static String line(java.time.Instant at, String grant, String result) {
        return JSON.createObjectBuilder().add("time", at.toString()).add("event", "token.request")
                .add("grant", grant).add("result", result).build().toString();
    }

    static String grant(Map<String, List<String>> params) {
        List<String> v = params == null ? null : params.get("grant_type");
        String g = v == null || v.size() != 1 ? "" : v.get(0);
        return GRANTS.contains(g) ? g : "other";
    }
}
