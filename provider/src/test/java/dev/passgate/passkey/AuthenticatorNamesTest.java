package dev.passgate.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class AuthenticatorNamesTest {
    static final UUID GOOGLE = UUID.fromString("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4");

    @Test
    void nameOfWhenKnownAaguidThenProviderName() {
        AuthenticatorNames names = new AuthenticatorNames();

        assertEquals("Google Password Manager", names.nameOf(GOOGLE));
        assertEquals("Apple Passwords", names.nameOf(UUID.fromString("fbfc3007-154e-4ecc-8c0b-6e020557d7bd")));
    }

    @Test
    void nameOfWhenUnknownOrZeroAaguidThenNeutral() {
        AuthenticatorNames names = new AuthenticatorNames();

        assertEquals(AuthenticatorNames.NEUTRAL, names.nameOf(UUID.randomUUID()));
        assertEquals("Passkey", names.nameOf(new UUID(0, 0)));
        assertEquals("Passkey", names.nameOf(null));
    }

    @Test
    void nameOfWhenListIsAnEmptyObjectThenNeutral() {
        assertEquals("Passkey", new AuthenticatorNames(json("{}")).nameOf(GOOGLE));
    }

    @Test
    void nameOfWhenListMissingOrMalformedThenNeutral() {
        assertEquals("Passkey", new AuthenticatorNames(() -> null).nameOf(GOOGLE));
        assertEquals("Passkey", new AuthenticatorNames(json("{\"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4\": ")).nameOf(GOOGLE));
        assertEquals("Passkey", new AuthenticatorNames(json("[]")).nameOf(GOOGLE));
        assertEquals("Passkey", new AuthenticatorNames(() -> {
            throw new IllegalStateException("no such resource");
        }).nameOf(GOOGLE));
    }

    @Test
    void nameOfWhenSomeEntriesMalformedThenOthersStillNamed() {
        AuthenticatorNames names = new AuthenticatorNames(json("{\"not-a-uuid\": {\"name\": \"X\"}, "
                + "\"00000000-0000-0000-0000-000000000001\": {\"name\": 7}, "
                + "\"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4\": {\"name\": \"Google Password Manager\"}}"));

        assertEquals("Google Password Manager", names.nameOf(GOOGLE));
        assertEquals("Passkey", names.nameOf(UUID.fromString("00000000-0000-0000-0000-000000000001")));
    }

    @Test
    void nameOfWhenCalledRepeatedlyThenListReadOnce() {
        AtomicInteger opened = new AtomicInteger();
        AuthenticatorNames names = new AuthenticatorNames(() -> {
            opened.incrementAndGet();
            return json("{}").get();
        });

        names.nameOf(GOOGLE);
        names.nameOf(GOOGLE);

        assertEquals(1, opened.get());
    }

    static Supplier<InputStream> json(String text) {
        return () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
