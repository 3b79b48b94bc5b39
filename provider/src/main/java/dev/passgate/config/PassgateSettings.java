package dev.passgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The provider's core settings, read once at start-up. Every key, its default and its meaning
 * is listed here and in the README's configuration table; keep the two in step.
 *
 * @param mode              {@code passgate.mode}: {@code dev} (default) or {@code production}
 * @param issuer            {@code passgate.issuer}: the OIDC issuer, default {@code http://localhost:8080};
 *                          a host name, never a bare IP address (browsers refuse WebAuthn on IP origins)
 * @param clientsFile       {@code passgate.clients-file}: JSON array of client metadata; none means no clients
 * @param database          {@code passgate.db.*}
 * @param dataDir           {@code passgate.data-dir}: where dev mode keeps its generated secret, default {@code ./data}
 * @param secret            {@code passgate.secret}: base64 of at least 32 random bytes, the root of the keys that
 *                          encrypt signing keys and MAC one-time codes; generated into {@code dataDir} in dev mode
 * @param cookiesSecure     {@code passgate.cookies.secure}: the {@code Secure} cookie attribute, default true
 *                          outside dev mode
 * @param tokens            {@code passgate.tokens.*} lifetimes
 * @param sessionTtl        {@code passgate.session.ttl}: single sign-on session lifetime, default 8 hours
 * @param interactionTtl    {@code passgate.login.transaction-ttl}: how long a login may take, default 10 minutes
 * @param demoUser          {@code passgate.demo-user}: create a demo account on first start (dev mode only), default true
 */
public record PassgateSettings(
        Mode mode,
        URI issuer,
        Optional<Path> clientsFile,
        DatabaseSettings database,
        Path dataDir,
        Optional<String> secret,
        boolean cookiesSecure,
        TokenSettings tokens,
        Duration sessionTtl,
        Duration interactionTtl,
        boolean demoUser) {

    /** {@code passgate.db.url}, {@code .user}, {@code .password}, {@code .pool-size}. */
    public record DatabaseSettings(String url, String user, String password, int poolSize) {
        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }

        @Override
        public String toString() { // never print the password
            return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * {@code passgate.tokens.code-ttl} (60 s), {@code .access-ttl} (10 min), {@code .id-ttl} (10 min),
     * {@code .refresh-ttl} (30 days); {@code .refresh-without-offline-access} (true): a client allowed the
     * refresh_token grant gets a refresh token without asking for {@code offline_access}, bound to the
     * sign-in session (it dies with it); false: only {@code offline_access} requests get one.
     * {@code .native-signing} (true): tokens are signed with the native provider shipped in the WAR where it loads;
     * false: always with the JDK's (see {@code JwsSigners}).
     */
    public record TokenSettings(Duration codeTtl, Duration accessTtl, Duration idTokenTtl, Duration refreshTtl,
                                boolean refreshWithoutOfflineAccess, boolean nativeSigning) {
        /** How long a retired signing key must stay in the JWKS: its last tokens must still verify. */
        public Duration longestSignedTokenLife() {
            return accessTtl.compareTo(idTokenTtl) > 0 ? accessTtl : idTokenTtl;
        }
    }

    public static PassgateSettings read(ConfigReader config) {
        URI issuer = config.httpUrl("passgate.issuer").orElse(URI.create("http://localhost:8080"));
        // Fail closed: dev mode (generated secret, dev outbox, demo account, cookies without Secure)
        // only where nobody else can reach it, unless the operator says so explicitly.
        if (config.optional("passgate.mode").isEmpty() && !isLoopbackHost(issuer.getHost())) {
            throw new SettingsException("passgate.mode", "is not set and the issuer " + issuer + " is not on this machine:"
                    + " set passgate.mode=production (or passgate.mode=dev on purpose, for a shared test server)");
        }
        Mode mode = config.enumValue("passgate.mode", Mode.class, Mode.DEV);
        validateIssuer(issuer, mode);

        Optional<Path> clientsFile = config.optional("passgate.clients-file").map(Path::of);
        Path dataDir = Path.of(config.string("passgate.data-dir", "./data"));
        DatabaseSettings database = new DatabaseSettings(
                config.string("passgate.db.url", "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("passgate")),
                config.string("passgate.db.user", "sa"),
                config.string("passgate.db.password", ""),
                config.integer("passgate.db.pool-size", 16, 1, 500));
        if (!database.url().startsWith("jdbc:h2:") && !database.isPostgres()) {
            throw new SettingsException("passgate.db.url", "only H2 (jdbc:h2:...) and PostgreSQL (jdbc:postgresql:...)"
                    + " are supported, was '" + database.url() + "'");
        }

        Optional<String> secret = config.optional("passgate.secret");
        secret.ifPresent(s -> validateSecret(s));
        if (secret.isEmpty() && !mode.isDev()) {
            throw new SettingsException("passgate.secret", "is required in production mode: set it to the base64 of"
                    + " 32 random bytes (for example: openssl rand -base64 32)");
        }

        TokenSettings tokens = new TokenSettings(
                config.duration("passgate.tokens.code-ttl", Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(10)),
                config.duration("passgate.tokens.access-ttl", Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(24)),
                config.duration("passgate.tokens.id-ttl", Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(24)),
                config.duration("passgate.tokens.refresh-ttl", Duration.ofDays(30), Duration.ofMinutes(5), Duration.ofDays(365)),
                config.bool("passgate.tokens.refresh-without-offline-access", true),
                config.bool("passgate.tokens.native-signing", true));

        return new PassgateSettings(
                mode,
                issuer,
                clientsFile,
                database,
                dataDir,
                secret,
                config.bool("passgate.cookies.secure", !mode.isDev()),
                tokens,
                config.duration("passgate.session.ttl", Duration.ofHours(8), Duration.ofMinutes(5), Duration.ofDays(90)),
                config.duration("passgate.login.transaction-ttl", Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(1)),
                config.bool("passgate.demo-user", true) && mode.isDev());
    }

    /** {@code localhost} and names under it, and the loopback literals: what only this machine reaches. */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("127.0.0.1") || h.equals("[::1]");
    }

    private static void validateIssuer(URI issuer, Mode mode) {
        String host = issuer.getHost();
        if (host.matches("[0-9.]+") || host.startsWith("[")) {
            throw new SettingsException("passgate.issuer", "must use a host name, not the IP address '" + host
                    + "': browsers refuse passkeys on IP origins (use localhost for local runs)");
        }
        if (!mode.isDev() && !"https".equals(issuer.getScheme())) {
            throw new SettingsException("passgate.issuer", "must be https in production mode, was " + issuer);
        }
        if (issuer.getPath() != null && issuer.getPath().endsWith("/")) {
            throw new SettingsException("passgate.issuer", "must not end with a slash, was " + issuer);
        }
    }

    private static void validateSecret(String secret) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("passgate.secret", "is not valid base64");
        }
        if (bytes.length < 32) {
            throw new SettingsException("passgate.secret", "must decode to at least 32 bytes, has " + bytes.length);
        }
    }

    /** The issuer as a string without trailing slash, as it appears in {@code iss}. */
    public String issuerString() {
        return issuer.toString();
    }

    public URI endpoint(String path) {
        return URI.create(issuerString() + path);
    }
}
