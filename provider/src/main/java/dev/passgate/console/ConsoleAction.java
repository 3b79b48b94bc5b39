package dev.passgate.console;

import static dev.passgate.console.Role.ADMIN;
import static dev.passgate.console.Role.AUDITOR;
import static dev.passgate.console.Role.SUPPORT;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every route and action of the console with the roles that may use it: the whole access rule on one
 * screen, checked on the server for every request ({@code ConsoleIT} tries each one with each role).
 */
public enum ConsoleAction {
    HOME(false, ADMIN, SUPPORT, AUDITOR),
    /** The audit trail, filtered, and its JSON Lines export. */
    AUDIT(false, ADMIN, AUDITOR),
    /** The passkey reports and their CSV. */
    REPORTS(false, ADMIN, AUDITOR),
    FIND_USERS(false, ADMIN, SUPPORT),
    VIEW_USER(false, ADMIN, SUPPORT),
    RESET_PASSKEYS(true, ADMIN, SUPPORT),
    UNLOCK(true, ADMIN, SUPPORT),
    END_SESSIONS(true, ADMIN, SUPPORT),
    /** The next sign-in, by any method, asks for a new password before it finishes. */
    FORCE_PASSWORD_CHANGE(true, ADMIN, SUPPORT),
    DEACTIVATE(true, ADMIN, SUPPORT),
    /** Admin only: a deactivation may be a leaver's (by SCIM) or an admin's decision that support must not undo. */
    REACTIVATE(true, ADMIN),
    RECOVERY_LINK(true, ADMIN, SUPPORT),
    ASSIGN_ROLES(true, ADMIN);

    private final boolean changes;
    private final Set<Role> allowed;

    ConsoleAction(boolean changes, Role first, Role... more) {
        this.changes = changes;
        this.allowed = EnumSet.of(first, more);
    }

    /** Whether it changes an account: asks for a reason, a fresh strong sign-in, and is audited. */
    public boolean changes() {
        return changes;
    }

    public boolean allowedFor(Set<Role> roles) {
        return roles.stream().anyMatch(allowed::contains);
    }

    /** How the action appears in URLs and audit events ({@code reset-passkeys}). */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static java.util.Optional<ConsoleAction> ofSlug(String slug) {
        for (ConsoleAction a : values()) {
            if (a.slug().equals(slug)) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }
}
