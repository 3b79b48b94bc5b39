package dev.passgate.filter;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The signed-in user, as the ID token describes them. The filter puts one on every request
 * of a signed-in user under {@link #REQUEST_ATTRIBUTE}:
 * <pre>{@code OidcUser user = (OidcUser) request.getAttribute(OidcUser.REQUEST_ATTRIBUTE);}</pre>
 *
 * @param subject     the {@code sub} claim: the provider's stable identifier for the user
 * @param username    what {@code getRemoteUser()} returns: {@code preferred_username} when the
 *                    token has one (readable in logs and pages), otherwise {@code sub}. Never
 *                    use it as a key: unlike {@code sub}, it may change or be reused.
 * @param name        the {@code name} claim, or null
 * @param email       the {@code email} claim, or null
 * @param amr         how the user authenticated (RFC 8176 values such as {@code hwk}, {@code pwd}, {@code otp})
 * @param acr         the authentication context class reached, or null
 * @param roles       the roles read from the configured roles claim
 * @param claims      every ID token claim, JSON-shaped (times as epoch seconds)
 * @param accessToken the current access token, for calling APIs on the user's behalf
 * @param expiresAt   when the access token expires
 */
public record OidcUser(
        String subject,
        String username,
        String name,
        String email,
        List<String> amr,
        String acr,
        Set<String> roles,
        Map<String, Object> claims,
        String accessToken,
        Instant expiresAt) implements Serializable {

    /** The request attribute holding the signed-in user. */
    public static final String REQUEST_ATTRIBUTE = "dev.passgate.filter.user";

    public OidcUser {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(expiresAt, "expiresAt");
        amr = List.copyOf(amr);
        roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        claims = jsonCopy(claims);
    }

    /** True when the roles claim lists the role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Leaves the access token out, so logging a user never leaks it. */
    @Override
    public String toString() {
        return "OidcUser[subject=" + subject + ", username=" + username + ", amr=" + amr
                + ", acr=" + acr + ", roles=" + roles + ", expiresAt=" + expiresAt + "]";
    }

    /** Builds the user from an ID token's claims (JSON object form). */
    static OidcUser fromClaims(Map<String, Object> claims, String rolesClaim, String accessToken,
            Instant expiresAt) {
        String subject = stringClaim(claims, "sub");
        String preferred = stringClaim(claims, "preferred_username");
        return new OidcUser(subject,
                preferred != null && !preferred.isBlank() ? preferred : subject,
                stringClaim(claims, "name"),
                stringClaim(claims, "email"),
                stringList(claims.get("amr")),
                stringClaim(claims, "acr"),
                roles(claims.get(rolesClaim)),
                claims, accessToken, expiresAt);
    }

    /** A JSON array of strings, or one space-separated string (the OAuth {@code scope} style). */
    static Set<String> roles(Object claim) {
        if (claim instanceof String s) {
            Set<String> roles = new LinkedHashSet<>();
            for (String role : s.trim().split("\\s+")) {
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            }
            return roles;
        }
        return new LinkedHashSet<>(stringList(claim));
    }

    private static String stringClaim(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String s ? s : null;
    }

    private static List<String> stringList(Object claim) {
        if (!(claim instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** A deep, unmodifiable, serializable copy (the user lives in the HTTP session). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonCopy(Map<String, ?> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, jsonValue(v));
            }
        });
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object jsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return jsonCopy((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(v == null ? null : jsonValue(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString();
    }
}
