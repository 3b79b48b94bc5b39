package dev.passgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What the account pages accept as a passkey's name. */
class AccountPasskeysTest {

    @Test
    void nameWhenPrintableAndAtMost64CharactersThenKeptStripped() {
        assertEquals(Optional.of("Work laptop"), AccountPasskeys.cleanName("  Work laptop \t"));
        assertEquals(Optional.of("x".repeat(64)), AccountPasskeys.cleanName("x".repeat(64)));
        assertEquals(Optional.of("\uD83D\uDD11".repeat(64)), AccountPasskeys.cleanName("\uD83D\uDD11".repeat(64)),
                "64 characters, not 64 UTF-16 units: an emoji counts once");
        assertEquals(Optional.of("Ada's <b>key</b>"), AccountPasskeys.cleanName("Ada's <b>key</b>"), "escaped when shown, not refused");
    }

    @Test
    void nameWhenBlankTooLongOrWithControlCharactersThenRefused() {
        for (String bad : new String[] {null, "", "   ", "x".repeat(65), "a\nb", "a\u0000b", "a\u001bb", "a\u0085b",
                "evil\u202Egnp.exe", "zero\u200Bwidth", "line\u2028sep", "para\u2029sep", "private\uE000use", "bom\uFEFF"}) {
            assertTrue(AccountPasskeys.cleanName(bad).isEmpty(), String.valueOf(bad));
        }
    }
}
