package dev.passgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's flags. Every one has a default that matches the sample deployment, so
 * {@code java -jar passgate-bench.jar --issuer https://login.example.com --workload passkey-login} is a run.
 */
record Settings(String issuer, String workload, int concurrency, Duration duration, Duration warmup, String clientId,
                String clientSecret, String redirectUri, String machineClientId, String machineClientSecret,
                Optional<String> scope, String scimClientId, String scimClientSecret, String password, int smtpPort,
                List<Long> pids, List<String> processNames, int accounts, String appUrl, String appPublicUrl,
                Optional<Duration> rssEvery) {

    static final List<String> WORKLOADS = List.of("discovery", "client-credentials", "refresh", "passkey-login", "password-login",
            "filter");

    static final String USAGE = """
            usage: java -jar passgate-bench.jar --issuer URL [--workload W] [flags]
              --workload            discovery | client-credentials | refresh | passkey-login | password-login | filter
                                    (default passkey-login; password-login: password, then the code mailed to the
                                    bench's SMTP sink, the passkey offer put off, the tokens; filter: each virtual user
                                    signs in to an app behind the Passgate filter once, with its passkey, then asks
                                    for --app-url signed in, and for --app-public-url without a session)
              --concurrency N       virtual users, each in a closed loop (default 4)
              --duration 30s        measured time; --warmup 10s before it is not counted
              --client-id/--client-secret/--redirect-uri
                                    the confidential client the logins and refreshes use (default web / web-secret...)
              --machine-client-id/--machine-client-secret/--scope
                                    the client_credentials client (default: the SCIM client, scope scim)
              --scim-client-id/--scim-client-secret
                                    a client allowed scope scim: users are made through SCIM (default provisioning)
              --password P          the password of the users it makes
              --smtp-port 2525      where the bench takes mail: point passgate.mail.smtp.host/port here for the
                                    enrolment (password and emailed code, then the passkey offer)
              --accounts N          password-login: accounts made through SCIM before the run (default 60 per virtual
                                    user); each signs in at most 5 times, the default hourly cap of codes per account
              --pid PID             a server process whose CPU time is counted per flow (repeatable)
              --process-name NAME   also every process of that name (e.g. postgres)
              --app-url URL         filter: a page of the app that needs a signed-in user (default
                                    <issuer>/sample-app/profile, the sample app deployed beside the provider)
              --app-public-url URL  filter: a page of the same app the filter lets anyone reach (default
                                    <issuer>/sample-app/static/style.css)
              --rss-every 60s       print the first --pid's resident memory (VmRSS) at this interval while measuring
            """;

    static Settings parse(String[] args) {
        Map<String, List<String>> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value at " + args[i]);
            }
            flags.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        String issuer = one(flags, "issuer", null);
        if (issuer == null) {
            throw new IllegalArgumentException("--issuer is required");
        }
        String workload = one(flags, "workload", "passkey-login");
        if (!WORKLOADS.contains(workload)) {
            throw new IllegalArgumentException("--workload must be one of " + WORKLOADS);
        }
        String scimId = one(flags, "scim-client-id", "provisioning");
        String scimSecret = one(flags, "scim-client-secret", "provisioning-secret-0123456789");
        Settings s = new Settings(issuer.replaceAll("/+$", ""), workload, Integer.parseInt(one(flags, "concurrency", "4")),
                duration(one(flags, "duration", "30s")), duration(one(flags, "warmup", "10s")), one(flags, "client-id", "web"),
                one(flags, "client-secret", "web-secret-0123456789"), one(flags, "redirect-uri", "http://localhost:9999/cb"),
                one(flags, "machine-client-id", scimId), one(flags, "machine-client-secret", scimSecret),
                Optional.ofNullable(one(flags, "scope", flags.containsKey("machine-client-id") ? null : "scim")), scimId, scimSecret,
                one(flags, "password", "bench password for passgate"), Integer.parseInt(one(flags, "smtp-port", "2525")),
                flags.getOrDefault("pid", List.of()).stream().map(Long::parseLong).toList(),
                flags.getOrDefault("process-name", List.of()),
                Integer.parseInt(one(flags, "accounts", String.valueOf(60 * Integer.parseInt(one(flags, "concurrency", "4"))))),
                one(flags, "app-url", issuer.replaceAll("/+$", "") + "/sample-app/profile"),
                one(flags, "app-public-url", issuer.replaceAll("/+$", "") + "/sample-app/static/style.css"),
                Optional.ofNullable(one(flags, "rss-every", null)).map(Settings::duration));
        if (s.concurrency() < 1 || s.duration().isZero() || s.accounts() < s.concurrency()) {
            throw new IllegalArgumentException("--concurrency and --duration must be positive, --accounts at least --concurrency");
        }
        if (s.rssEvery().isPresent() && s.pids().isEmpty()) {
            throw new IllegalArgumentException("--rss-every needs the server's --pid");
        }
        if (s.rssEvery().filter(d -> d.isZero() || d.isNegative()).isPresent()) {
            throw new IllegalArgumentException("--rss-every must be positive");
        }
        return s;
    }

    private static String one(Map<String, List<String>> flags, String name, String fallback) {
        List<String> values = flags.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    /** 30s, 2m, 500ms, or ISO-8601 (PT30S). */
    static Duration duration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            return Duration.parse(text);
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("a duration is 30s, 2m, 500ms or PT30S: " + text);
        };
    }
}
