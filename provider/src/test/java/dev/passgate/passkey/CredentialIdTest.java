package dev.passgate.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CredentialIdTest {

    @Test
    void fromBase64UrlWhenRoundTripThenEqualByContent() {
        CredentialId id = new CredentialId(new byte[] {(byte) 0xfb, (byte) 0xff, 0x01});

        assertEquals("-_8B", id.toBase64Url());
        assertEquals(id, CredentialId.fromBase64Url("-_8B"));
        assertEquals(id.hashCode(), CredentialId.fromBase64Url("-_8B").hashCode());
        assertNotEquals(id, new CredentialId(new byte[] {1}));
    }

    @Test
    void constructorWhenBytesChangedAfterwardsThenIdUnchanged() {
        byte[] bytes = {1, 2, 3};
        CredentialId id = new CredentialId(bytes);
        bytes[0] = 9;
        id.bytes()[1] = 9;

        assertEquals("AQID", id.toBase64Url());
    }

    @Test
    void constructorWhenEmptyOrOver1023BytesThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CredentialId(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new CredentialId(new byte[1024]));
        assertEquals(1023, new CredentialId(new byte[1023]).bytes().length);
        assertThrows(IllegalArgumentException.class, () -> CredentialId.fromBase64Url("a+b/"));
    }
}
