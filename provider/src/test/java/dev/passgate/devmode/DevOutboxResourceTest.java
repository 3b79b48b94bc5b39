package dev.passgate.devmode;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Issue 9: the dev outbox shows codes, so only this machine may read it. */
class DevOutboxResourceTest {

    @Test
    void isLoopbackWhenThisMachineThenTrueOtherwiseFalse() {
        assertTrue(DevOutboxResource.isLoopback("127.0.0.1"));
        assertTrue(DevOutboxResource.isLoopback("::1"));
        assertTrue(DevOutboxResource.isLoopback("0:0:0:0:0:0:0:1"));
        assertFalse(DevOutboxResource.isLoopback("192.0.2.10"));
        assertFalse(DevOutboxResource.isLoopback("2001:db8::1"));
        assertFalse(DevOutboxResource.isLoopback(null));
    }
}
