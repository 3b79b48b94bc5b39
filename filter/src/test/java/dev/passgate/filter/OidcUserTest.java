package dev.passgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OidcUserTest {

    private static final Instant EXPIRY = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void fromClaimsWhenAllPresentThenMapped() {
        OidcUser user = OidcUser.fromClaims(TestTokens.idTokenClaims().build().toJSONObject(), "roles", "at", EXPIRY);

        assertEquals("user-123", user.subject());
        assertEquals("ada", user.username());
        assertEquals("Ada Lovelace", user.name());
        assertEquals("ada@example.test", user.email());
        assertEquals(List.of("hwk", "user"), user.amr());
        assertEquals("urn:passgate:acr:passkey", user.acr());
        assertEquals(Set.of("user", "admin"), user.roles());
        assertEquals("sid-1", user.claims().get("sid"));
    }

    @Test
    void fromClaimsWhenNoPreferredUsernameThenSubjectIsUsername() {
        OidcUser user = OidcUser.fromClaims(Map.of("sub", "user-123"), "roles", "at", EXPIRY);

        assertEquals("user-123", user.username());
    }

    @Test
    void fromClaimsWhenRolesSpaceSeparatedThenSplit() {
        OidcUser user = OidcUser.fromClaims(Map.of("sub", "u", "groups", " admin  auditor "), "groups", "at", EXPIRY);

        assertEquals(Set.of("admin", "auditor"), user.roles());
    }

    @Test
    void fromClaimsWhenRolesClaimMissingOrOddThenNoRoles() {
        assertEquals(Set.of(), OidcUser.fromClaims(Map.of("sub", "u"), "roles", "at", EXPIRY).roles());
        assertEquals(Set.of(), OidcUser.fromClaims(Map.of("sub", "u", "roles", 42), "roles", "at", EXPIRY).roles());
    }

    @Test
    void claimsWhenModifiedThenRefused() {
        Map<String, Object> source = new HashMap<>(Map.of("sub", "u", "roles", List.of("a")));
        OidcUser user = OidcUser.fromClaims(source, "roles", "at", EXPIRY);
        source.put("roles", List.of("admin"));

        assertEquals(Set.of("a"), user.roles());
        assertThrows(UnsupportedOperationException.class, () -> user.claims().put("x", 1));
    }

    @Test
    void toStringWhenLoggedThenAccessTokenHidden() {
        OidcUser user = OidcUser.fromClaims(Map.of("sub", "u"), "roles", "secret-access-token", EXPIRY);

        assertFalse(user.toString().contains("secret-access-token"));
    }

    @Test
    void serializeWhenStoredInSessionThenRoundTrips() throws Exception {
        OidcUser user = OidcUser.fromClaims(TestTokens.idTokenClaims().build().toJSONObject(), "roles", "at", EXPIRY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new OidcPrincipal(user));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            OidcPrincipal copy = (OidcPrincipal) in.readObject();
            assertEquals(user, copy.user());
            assertTrue(copy.user().hasRole("admin"));
        }
    }
}
