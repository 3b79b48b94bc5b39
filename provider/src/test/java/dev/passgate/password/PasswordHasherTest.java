package dev.passgate.password;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashWhenCreatedThenArgon2idAtOwaspParametersWithRandomSalt() {
        String hash = hasher.hash("correct horse battery staple");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertNotEquals(hash, hasher.hash("correct horse battery staple"));
    }

    @Test
    void verifyWhenRightWrongOrNoHashThenAnsweredCorrectly() {
        String hash = hasher.hash("correct horse battery staple");
        assertTrue(hasher.verify("correct horse battery staple", hash));
        assertFalse(hasher.verify("Correct horse battery staple", hash));
        assertFalse(hasher.verify("correct horse battery staple", null), "no password set: never a match");
        assertFalse(hasher.verify(null, hash));
    }

    @Test
    void policyWhenTooShortOrTooLongThenSaysWhy() {
        PasswordPolicy policy = new PasswordPolicy();
        assertTrue(policy.problemWith("short").orElseThrow().contains("at least 8"));
        assertTrue(policy.problemWith("x".repeat(300)).orElseThrow().contains("at most"));
        assertTrue(policy.problemWith("eight ch").isEmpty());
    }
}
