package dev.passgate.passkey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.passgate.config.WebAuthnSettings;

/**
 * Mean cost of {@link Passkeys#finishAssertion} (ES256, webauthn4j) with the signature verified by Bouncy
 * Castle and by the JDK's providers. Not a test: run by hand after {@code mvn test-compile}, with the test
 * class path, e.g. {@code java -cp target/test-classes:target/classes:$(cat cp.txt)
 * dev.passgate.passkey.AssertionBenchmark}. The store is in memory so that only verification is measured.
 */
public final class AssertionBenchmark {
    private static final int RESPONSES = 50;
    private static final int WARM_UP = 3_000;
    private static final int MEASURED = 5_000;

    public static void main(String[] args) {
        System.out.println("Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors; Bouncy Castle usable: " + BouncyCastle.register());
        WebAuthnSettings settings = new WebAuthnSettings(TestAuthenticator.RP_ID, List.of(TestAuthenticator.ORIGIN));
        MemoryStore store = new MemoryStore();
        Passkeys withBc = new Passkeys(settings, store, store, new AuthenticatorNames(), Clock.systemUTC(), 10, true);
        Passkeys withJdk = new Passkeys(settings, store, store, new AuthenticatorNames(), Clock.systemUTC(), 10, false);

        // A counter-less authenticator (always 0), so every response verifies again and again.
        TestAuthenticator authenticator = new TestAuthenticator(false);
        RegistrationStart registration = withBc.startRegistration(
                new RegistrationOptions("bench", "bench", "Bench", Duration.ofMinutes(1)));
        RegistrationResult registered = withBc.finishRegistration(new FinishRegistration(
                authenticator.create(registration.optionsJson()), registration.challenge(), "bench",
                registration.userHandle()));
        if (!(registered instanceof RegistrationResult.Registered)) {
            throw new IllegalStateException(registered.toString());
        }
        List<FinishAssertion> assertions = new ArrayList<>();
        for (int i = 0; i < RESPONSES; i++) {
            AssertionStart start = withBc.startAssertion(new AssertionOptions(Optional.of("bench"), Duration.ofMinutes(1)));
            assertions.add(new FinishAssertion(authenticator.get(start.optionsJson()), start.challenge(),
                    Optional.of("bench")));
        }

        for (int round = 1; round <= 2; round++) {
            double jdk = meanMicros(withJdk, assertions);
            double bc = meanMicros(withBc, assertions);
            System.out.printf("round %d: JDK providers (SunEC) %.0f µs, Bouncy Castle %.0f µs per assertion verification%n",
                    round, jdk, bc);
        }
    }

    private static double meanMicros(Passkeys passkeys, List<FinishAssertion> assertions) {
        for (int i = 0; i < WARM_UP; i++) {
            verify(passkeys, assertions.get(i % assertions.size()));
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            verify(passkeys, assertions.get(i % assertions.size()));
        }
        return (System.nanoTime() - start) / 1_000.0 / MEASURED;
    }

    private static void verify(Passkeys passkeys, FinishAssertion assertion) {
        AssertionResult result = passkeys.finishAssertion(assertion);
        if (!(result instanceof AssertionResult.Verified)) {
            throw new IllegalStateException(result.toString());
        }
    }

    /** Just enough store for the benchmark. */
    private static final class MemoryStore implements PasskeyStore, PasskeyLookup {
        private final Map<CredentialId, Passkey> passkeys = new ConcurrentHashMap<>();

        @Override
        public List<Passkey> forUser(String userId) {
            return passkeys.values().stream().filter(p -> p.userId().equals(userId))
                    .sorted(Comparator.comparing(Passkey::createdAt).reversed()).toList();
        }

        @Override
        public Optional<Passkey> find(CredentialId id) {
            return Optional.ofNullable(passkeys.get(id));
        }

        @Override
        public void add(Passkey passkey, int limit) {
            if (passkeys.putIfAbsent(passkey.credentialId(), passkey) != null) {
                throw new DuplicateCredentialException(passkey.credentialId(), null);
            }
        }

        @Override
        public void recordUse(CredentialId id, long signCount, boolean backupState, Instant at) {
            passkeys.computeIfPresent(id, (k, p) -> p.withUse(Math.max(p.signCount(), signCount), backupState, at));
        }

        @Override
        public boolean delete(CredentialId id) {
            return passkeys.remove(id) != null;
        }

        @Override
        public boolean rename(CredentialId id, String name) {
            return passkeys.computeIfPresent(id, (k, p) -> p.withName(name)) != null;
        }

        @Override
        public void replace(CredentialId old, Passkey added) {
            delete(old);
            add(added);
        }

        @Override
        public int countForUser(String userId) {
            return forUser(userId).size();
        }

        @Override
        public Optional<byte[]> userHandle(String userId) {
            return forUser(userId).stream().findFirst().map(Passkey::userHandle);
        }
    }
}
