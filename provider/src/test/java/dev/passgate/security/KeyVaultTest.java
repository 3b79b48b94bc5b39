package dev.passgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyVaultTest {
    final MasterKey master = new MasterKey(Secrets.randomBytes(32));
    final KeyVault vault = new KeyVault(master.derive(MasterKey.Purpose.SIGNING_KEY_ENCRYPTION));

    @Test
    void encryptWhenDecryptedWithSameKeyAndRowThenRoundTrips() {
        String sealed = vault.encrypt("{\"d\":\"private\"}", "kid-1");
        assertFalse(sealed.contains("private"));
        assertEquals("{\"d\":\"private\"}", vault.decrypt(sealed, "kid-1"));
        assertNotEquals(sealed, vault.encrypt("{\"d\":\"private\"}", "kid-1"), "a fresh IV every time");
    }

    @Test
    void decryptWhenOtherRowOtherKeyOrAlteredThenRefused() {
        String sealed = vault.encrypt("secret", "kid-1");
        assertThrows(IllegalStateException.class, () -> vault.decrypt(sealed, "kid-2"));
        KeyVault other = new KeyVault(new MasterKey(Secrets.randomBytes(32)).derive(MasterKey.Purpose.SIGNING_KEY_ENCRYPTION));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.decrypt(sealed, "kid-1"));
        assertTrue(e.getMessage().contains("passgate.secret"));
        char[] c = sealed.toCharArray();
        // a character inside the IV/ciphertext (never the last base64 group, whose spare bits decode to nothing)
        c[10] = c[10] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> vault.decrypt(new String(c), "kid-1"));
    }

    @Test
    void deriveWhenPurposesDifferThenKeysDiffer() {
        assertNotEquals(java.util.HexFormat.of().formatHex(master.derive(MasterKey.Purpose.CSRF)),
                java.util.HexFormat.of().formatHex(master.derive(MasterKey.Purpose.SIGNING_KEY_ENCRYPTION)));
    }

    @Test
    void sha256AndEqualWhenUsedForStoredSecretsThenStableAndExact() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.sha256("abc"));
        assertTrue(Secrets.equal("abc", "abc"));
        assertFalse(Secrets.equal("abc", "abd"));
        assertFalse(Secrets.equal("abc", null));
        assertEquals(43, Secrets.newToken().length(), "256 bits, base64url");
    }
}
