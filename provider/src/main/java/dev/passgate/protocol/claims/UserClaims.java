package dev.passgate.protocol.claims;

import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.oauth2.sdk.Scope;

import dev.passgate.user.User;

/**
 * Standard claims released by scope (OIDC Core §5.4), plus {@code roles} with {@code profile}. The {@code address} scope is accepted but
 * releases nothing: Passgate keeps no postal addresses.
 */
public final class UserClaims {
    private UserClaims() {
    }

    public static Map<String, Object> forScope(User user, Scope scope) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scope.contains("profile")) {
            claims.put("name", user.name());
            putIfPresent(claims, "given_name", user.givenName());
            putIfPresent(claims, "family_name", user.familyName());
            claims.put("preferred_username", user.username());
            claims.put("updated_at", user.updatedAt().getEpochSecond());
        }
        if (scope.contains("profile") && !user.roles().isEmpty()) {
            claims.put("roles", user.roles()); // for relying parties' role checks (e.g. the servlet filter)
        }
        if (scope.contains("email") && user.email() != null) {
            claims.put("email", user.email());
            claims.put("email_verified", user.emailVerified());
        }
        if (scope.contains("phone") && user.phone() != null) {
            claims.put("phone_number", user.phone());
            claims.put("phone_number_verified", user.phoneVerified());
        }
        return claims;
    }

    private static void putIfPresent(Map<String, Object> claims, String name, String value) {
        if (value != null && !value.isBlank()) {
            claims.put(name, value);
        }
    }
}
