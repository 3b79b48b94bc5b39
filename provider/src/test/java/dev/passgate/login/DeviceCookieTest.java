package dev.passgate.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.passgate.login.intelligence.DeviceRecord;
import dev.passgate.security.Secrets;

class DeviceCookieTest {
    final DeviceCookie cookie = new DeviceCookie(Secrets.randomBytes(32));
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void readWhenWrittenAfterFailureAndSuccessThenRoundTrips() {
        DeviceRecord failed = cookie.read(cookie.afterFailure(DeviceRecord.EMPTY, now));
        assertEquals(1, failed.recentFailures());
        assertEquals(Optional.of(now), failed.lastFailureAt());
        DeviceRecord ok = cookie.read(cookie.afterSuccess(failed, "cred-A"));
        assertEquals(Set.of("cred-A"), ok.credentialIds());
        assertEquals(0, ok.recentFailures(), "a success forgets the failures");
    }

    @Test
    void readWhenForgedOrSignedByAnotherServerThenEmpty() {
        String value = cookie.afterSuccess(DeviceRecord.EMPTY, "cred-A");
        String forged = value.substring(0, value.indexOf('.')) + ".AAAA";
        assertEquals(DeviceRecord.EMPTY, cookie.read(forged));
        assertEquals(DeviceRecord.EMPTY, new DeviceCookie(Secrets.randomBytes(32)).read(value));
        assertEquals(DeviceRecord.EMPTY, cookie.read(null));
        assertEquals(DeviceRecord.EMPTY, cookie.read("garbage"));
    }

    @Test
    void afterSuccessWhenManyPasskeysThenOnlyTheMostRecentKept() {
        DeviceRecord r = DeviceRecord.EMPTY;
        for (int i = 0; i < 20; i++) {
            r = cookie.read(cookie.afterSuccess(r, "cred-" + i));
        }
        assertEquals(DeviceCookie.MAX_IDS, r.credentialIds().size());
        assertTrue(r.credentialIds().contains("cred-19"));
    }

    /** Issue 10: a passkey made here is on this device; the one it replaced no longer is. */
    @Test
    void afterRegistrationWhenHealingThenTheNewPasskeyIsKnownHereAndTheReplacedOneForgotten() {
        DeviceCookie cookies = new DeviceCookie(new byte[32]);
        DeviceRecord before = cookies.read(cookies.afterFailure(cookies.read(cookies.afterSuccess(DeviceRecord.EMPTY, "old")),
                Instant.parse("2026-12-01T10:00:00Z")));
        DeviceRecord after = cookies.read(cookies.afterRegistration(before, "new", Optional.of("old")));
        assertEquals(Set.of("new"), after.credentialIds());
        assertEquals(0, after.recentFailures());
    }
}
