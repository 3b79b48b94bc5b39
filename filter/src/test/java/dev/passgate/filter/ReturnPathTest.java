package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReturnPathTest {

    private static final String CONTEXT = "/sample-app";

    @Test
    void sanitizeWhenPathInsideAppThenKept() {
        assertEquals(Optional.of("/sample-app/profile?tab=keys"), ReturnPath.sanitize("/sample-app/profile?tab=keys", CONTEXT));
    }

    @Test
    void sanitizeWhenContextRootThenKept() {
        assertEquals(Optional.of("/sample-app"), ReturnPath.sanitize("/sample-app", CONTEXT));
    }

    @Test
    void sanitizeWhenRootContextThenAnyLocalPathKept() {
        assertEquals(Optional.of("/profile"), ReturnPath.sanitize("/profile", ""));
    }

    @Test
    void sanitizeWhenProtocolRelativeThenRefused() {
        assertRefused("//evil.example");
        assertRefused("//evil.example/sample-app/");
    }

    @Test
    void sanitizeWhenAbsoluteUrlThenRefused() {
        assertRefused("https://evil.example");
        assertRefused("https://evil.example/sample-app/");
        assertRefused("javascript:alert(1)");
    }

    @Test
    void sanitizeWhenBackslashThenRefused() {
        assertRefused("/\\evil.example");
        assertRefused("/sample-app/..\\..\\evil");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sample-app/\r\nSet-Cookie: a=b", "/sample-app/\nx", "/sample-app/\rx",
            "/\t/evil.example", "/sample-app/ x", "/sample-app/\u0000"})
    void sanitizeWhenControlCharactersThenRefused(String candidate) {
        assertRefused(candidate);
    }

    @Test
    void sanitizeWhenOutsideContextPathThenRefused() {
        assertRefused("/other-app/profile");
        assertRefused("/sample-appendix/profile");
    }

    @Test
    void sanitizeWhenEmptyOrRelativeThenRefused() {
        assertRefused("");
        assertRefused(null);
        assertRefused("evil.example");
    }

    @Test
    void sanitizeWhenFragmentThenRefused() {
        assertRefused("/sample-app/#//evil.example");
    }

    private static void assertRefused(String candidate) {
        assertTrue(ReturnPath.sanitize(candidate, CONTEXT).isEmpty(), () -> "should refuse " + candidate);
    }
}
