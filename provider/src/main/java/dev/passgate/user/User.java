package dev.passgate.user;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An account. {@code passwordHash} is an Argon2id PHC string or null (no password set).
 * Changed through the {@code with...} copies, never in place.
 */
public record User(
        String id,
        String username,
        String email,
        boolean emailVerified,
        String phone,
        boolean phoneVerified,
        String givenName,
        String familyName,
        String displayName,
        String passwordHash,
        boolean active,
        boolean passwordChangeRequired,
        List<String> roles,
        Instant createdAt,
        Instant updatedAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        if (username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public static User create(String id, String username, Instant now) {
        return new User(id, username, null, false, null, false, null, null, null, null, true, false, List.of(), now, now);
    }

    public User withEmail(String value, boolean verified) {
        return new User(id, username, value, verified, phone, phoneVerified, givenName, familyName, displayName,
                passwordHash, active, passwordChangeRequired, roles, createdAt, updatedAt);
    }

    public User withPhone(String value, boolean verified) {
        return new User(id, username, email, emailVerified, value, verified, givenName, familyName, displayName,
                passwordHash, active, passwordChangeRequired, roles, createdAt, updatedAt);
    }

    public User withName(String given, String family, String display) {
        return new User(id, username, email, emailVerified, phone, phoneVerified, given, family, display,
                passwordHash, active, passwordChangeRequired, roles, createdAt, updatedAt);
    }

    public User withUsername(String value) {
        return new User(id, value, email, emailVerified, phone, phoneVerified, givenName, familyName, displayName,
                passwordHash, active, passwordChangeRequired, roles, createdAt, updatedAt);
    }

    public User withPasswordHash(String value) {
        return new User(id, username, email, emailVerified, phone, phoneVerified, givenName, familyName, displayName,
                value, active, false, roles, createdAt, updatedAt);
    }

    public User withRoles(List<String> value) {
        return new User(id, username, email, emailVerified, phone, phoneVerified, givenName, familyName, displayName,
                passwordHash, active, passwordChangeRequired, value, createdAt, updatedAt);
    }

    public User withActive(boolean value) {
        return new User(id, username, email, emailVerified, phone, phoneVerified, givenName, familyName, displayName,
                passwordHash, value, passwordChangeRequired, roles, createdAt, updatedAt);
    }

    /**
     * Set by support ("force a password change at next login"): the next sign-in, by any method, asks for a new
     * password before it finishes. A new password clears it.
     */
    public User withPasswordChangeRequired(boolean value) {
        return new User(id, username, email, emailVerified, phone, phoneVerified, givenName, familyName, displayName,
                passwordHash, active, value, roles, createdAt, updatedAt);
    }

    /** What to call the person: display name, else given and family name, else the username. */
    public String name() {
        if (displayName != null && !displayName.isBlank()) {
            return displayName;
        }
        String joined = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
        return joined.isEmpty() ? username : joined;
    }
}
