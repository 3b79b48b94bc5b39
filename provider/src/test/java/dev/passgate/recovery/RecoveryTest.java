package dev.passgate.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.passgate.user.User;

/** The pure parts of a recovery: who counts as one sender, and what ends a recovery under way. */
class RecoveryTest {

    @Test
    void senderWhenIpv6ThenTheWhole64CountsAsOneElseTheAddress() {
        assertEquals(Recovery.sender("2001:db8:1:2:aaaa::1"), Recovery.sender("2001:db8:1:2:ffff:ffff:ffff:ffff"),
                "one subscriber's /64 is one sender");
        assertNotEquals(Recovery.sender("2001:db8:1:2::1"), Recovery.sender("2001:db8:1:3::1"));
        assertEquals("203.0.113.9", Recovery.sender("203.0.113.9"));
        assertNotEquals(Recovery.sender("203.0.113.9"), Recovery.sender("203.0.113.10"));
    }

    @Test
    void stampWhenPasswordAddressVerificationOrStateChangesThenAnother() {
        User u = User.create("u1", "ada", Instant.parse("2026-12-01T10:00:00Z")).withEmail("ada@example.com", true)
                .withPasswordHash("$argon2id$one");
        String stamp = Recovery.stamp(u);
        assertEquals(stamp, Recovery.stamp(u), "the same account, the same stamp");
        assertNotEquals(stamp, Recovery.stamp(u.withPasswordHash("$argon2id$two")), "a new password ends it");
        assertNotEquals(stamp, Recovery.stamp(u.withEmail("eve@example.com", true)), "a new email ends it");
        assertNotEquals(stamp, Recovery.stamp(u.withEmail("ada@example.com", false)), "a lost verification ends it");
        assertNotEquals(stamp, Recovery.stamp(u.withPhone("+41446681800", false)), "a new phone ends it");
        assertNotEquals(stamp, Recovery.stamp(u.withActive(false)), "a deactivation ends it");
        assertNotEquals(stamp, Recovery.stamp(u.withRoles(java.util.List.of("admin"))), "a new role ends it: a link made"
                + " by support for a person never opens an account that became an admin's");
    }
}
