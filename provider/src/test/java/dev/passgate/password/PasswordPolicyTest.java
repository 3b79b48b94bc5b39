package dev.passgate.password;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.passgate.password.PasswordPolicy.Problem;

/** NIST SP 800-63B §5.1.1.2 as the policy applies it. */
class PasswordPolicyTest {
    final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void lengthWhenCountedInCharactersThenEightToTwoHundredFiftySix() {
        assertEquals(Optional.of(Problem.TOO_SHORT), policy.check("seven c"));
        assertEquals(Optional.empty(), policy.check("amber lantern"));
        assertEquals(Optional.empty(), policy.check("\uD83D\uDD11".repeat(129)), "129 emoji are 129 characters, not 258");
        assertEquals(Optional.of(Problem.TOO_LONG), policy.check("x".repeat(257)));
        assertEquals(Optional.of(Problem.TOO_SHORT), policy.check(null));
    }

    @Test
    void commonWhenOnTheListInAnyCaseWidthOrWithSpacesThenRefused() {
        for (String common : new String[] {"password", "PASSWORD", "Password ", " iloveyou", "\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44",
                "baseball", "12345678"}) {
            assertEquals(Optional.of(Problem.COMMON), policy.check(common), common);
        }
        assertEquals(Optional.empty(), policy.check("violet kettle mountain"));
    }

    @Test
    void contextWhenTheUsernameOrEmailWithLittleAroundItThenRefused() {
        assertEquals(Optional.of(Problem.LIKE_USERNAME), policy.check("adalovelace1", "adalovelace", "ada@example.com"));
        assertEquals(Optional.of(Problem.LIKE_USERNAME), policy.check("ada.lovelace!", "ada", "ada.lovelace@example.com"));
        assertEquals(Optional.of(Problem.LIKE_USERNAME), policy.check("Passgate2026", "ada", null));
        assertEquals(Optional.empty(), policy.check("adalovelace likes kettles", "adalovelace", null), "a long phrase around it is fine");
    }
}
