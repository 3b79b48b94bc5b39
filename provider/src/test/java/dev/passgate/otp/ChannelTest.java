package dev.passgate.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChannelTest {

    @Test
    void maskWhenEmailThenFirstCharacterDotsAndDomain() {
        assertEquals("c\u2022\u2022\u2022@example.com", Channel.EMAIL.mask("claire@example.com"));
        assertEquals("a\u2022\u2022\u2022@example.com", Channel.EMAIL.mask("a@example.com"));
    }

    @Test
    void maskWhenPhoneThenOnlyLastTwoDigitsVisible() {
        assertEquals("\u2022\u2022\u2022\u2022 \u2022\u2022 00", Channel.SMS.mask("+33612345600"));
        assertEquals("\u2022\u2022\u2022\u2022 \u2022\u2022 42", Channel.SMS.mask("07700 900 042"));
    }

    @Test
    void normalizeWhenPhoneWithSeparatorsThenDigitsKeptWithPlus() {
        assertEquals(Optional.of("+33612345600"), Channel.SMS.normalize(" +33 (6) 12-34.56 00 "));
        assertTrue(Channel.SMS.normalize("12345").isEmpty(), "too short");
        assertTrue(Channel.SMS.normalize("+1234567890123456").isEmpty(), "longer than E.164");
        assertTrue(Channel.SMS.normalize("call me").isEmpty());
        assertTrue(Channel.SMS.normalize(null).isEmpty());
    }

    @Test
    void normalizeWhenEmailThenTrimmedAndValidated() {
        assertEquals(Optional.of("ada@example.com"), Channel.EMAIL.normalize(" ada@example.com "));
        assertTrue(Channel.EMAIL.normalize("ada").isEmpty());
        assertTrue(Channel.EMAIL.normalize("ada@@example.com").isEmpty());
        assertTrue(Channel.EMAIL.normalize("ada lovelace@example.com").isEmpty());
        assertTrue(Channel.EMAIL.normalize("").isEmpty());
    }
}
