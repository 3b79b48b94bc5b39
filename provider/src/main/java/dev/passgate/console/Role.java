package dev.passgate.console;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.passgate.user.User;

/**
 * The console's roles, held in the account's roles (set through SCIM {@code roles}, by an admin in the
 * console, or for the first admin by {@code passgate.admin.bootstrap-user}). Other role names an
 * account may hold mean nothing here.
 */
public enum Role {
    /** Everything, roles included. */
    ADMIN,
    /** Find people and help them: passkeys, locks, sessions, recovery links. No role changes. */
    SUPPORT,
    /** Read-only: the audit trail and the reports. */
    AUDITOR;

    /** How the role is written in an account's roles and in SCIM. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Set<Role> of(User user) {
        Set<Role> held = EnumSet.noneOf(Role.class);
        for (Role r : values()) {
            if (user.roles().contains(r.value())) {
                held.add(r);
            }
        }
        return held;
    }
}
