package dev.passgate.login.intelligence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.passgate.login.intelligence.Decision.Kind;
import dev.passgate.login.intelligence.Decision.Reason;

/** Every decision of passkey intelligence, and the reason it gives. */
class PasskeyIntelligenceTest {
    final PasskeyIntelligence intelligence = new PasskeyIntelligence(2);
    final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    static final ClientCapabilities PLATFORM = new ClientCapabilities(true, true, true, true);
    static final ClientCapabilities NO_PLATFORM = new ClientCapabilities(true, false, false, false);
    static final ClientCapabilities NO_PLATFORM_HYBRID = new ClientCapabilities(true, false, false, true);
    static final PasskeySummary SYNCED = new PasskeySummary("c1", Set.of("internal", "hybrid"), true, true, Optional.empty());
    static final PasskeySummary DEVICE_BOUND = new PasskeySummary("c2", Set.of("internal"), false, false, Optional.empty());
    static final PasskeySummary SECURITY_KEY = new PasskeySummary("k1", Set.of("usb", "nfc"), false, false, Optional.empty());
    static final PasskeySummary UNKNOWN_TRANSPORT = new PasskeySummary("u1", Set.of(), false, false, Optional.empty());

    private Decision decide(List<PasskeySummary> passkeys, ClientCapabilities browser, DeviceRecord device, int failures) {
        return intelligence.decide(passkeys, browser, device, failures, now);
    }

    private static void assertDecision(Kind kind, Reason reason, Decision d) {
        assertEquals(new Decision(kind, reason), d);
    }

    @Test
    void decideWhenNoPasskeysThenFallback() {
        assertDecision(Kind.FALLBACK, Reason.NO_PASSKEYS, decide(List.of(), PLATFORM, DeviceRecord.EMPTY, 0));
    }

    @Test
    void decideWhenBrowserHasNoWebAuthnThenFallback() {
        assertDecision(Kind.FALLBACK, Reason.NO_WEBAUTHN, decide(List.of(SYNCED), ClientCapabilities.UNKNOWN, DeviceRecord.EMPTY, 0));
    }

    @Test
    void decideWhenFailuresInThisLoginReachThresholdThenFallback() {
        assertDecision(Kind.START, Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
                decide(List.of(SYNCED), PLATFORM, DeviceRecord.EMPTY, 1));
        assertDecision(Kind.FALLBACK, Reason.FAILED_IN_THIS_LOGIN, decide(List.of(SYNCED), PLATFORM, DeviceRecord.EMPTY, 2));
    }

    @Test
    void decideWhenDeviceFailedRepeatedlyWithinADayThenFallbackAndLaterForgiven() {
        DeviceRecord recent = new DeviceRecord(Set.of("c1"), 2, Optional.of(now.minus(Duration.ofHours(1))));
        assertDecision(Kind.FALLBACK, Reason.DEVICE_FAILED_RECENTLY, decide(List.of(SYNCED), PLATFORM, recent, 0));
        DeviceRecord old = new DeviceRecord(Set.of("c1"), 2, Optional.of(now.minus(Duration.ofHours(25))));
        assertDecision(Kind.START, Reason.USED_ON_THIS_DEVICE, decide(List.of(SYNCED), PLATFORM, old, 0));
        DeviceRecord once = new DeviceRecord(Set.of(), 1, Optional.of(now));
        assertEquals(Kind.START, decide(List.of(SYNCED), PLATFORM, once, 0).kind(), "one failure is not a pattern");
    }

    @Test
    void decideWhenThisBrowserUsedOneOfTheAccountsPasskeysThenStartEvenWithoutPlatformAuthenticator() {
        DeviceRecord used = new DeviceRecord(Set.of("k1"), 0, Optional.empty());
        assertDecision(Kind.START, Reason.USED_ON_THIS_DEVICE, decide(List.of(SECURITY_KEY), NO_PLATFORM, used, 0));
    }

    @Test
    void decideWhenPlatformAuthenticatorAndSyncedOrInternalPasskeyThenStart() {
        assertDecision(Kind.START, Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
                decide(List.of(SYNCED), PLATFORM, DeviceRecord.EMPTY, 0));
        assertDecision(Kind.START, Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
                decide(List.of(DEVICE_BOUND), PLATFORM, DeviceRecord.EMPTY, 0));
    }

    @Test
    void decideWhenOnlySecurityKeysThenOfferNotStart() {
        assertDecision(Kind.OFFER, Reason.SECURITY_KEY_NEEDS_GESTURE,
                decide(List.of(SECURITY_KEY), PLATFORM, DeviceRecord.EMPTY, 0));
    }

    @Test
    void decideWhenPlatformAuthenticatorButPasskeyOfUnknownKindThenOffer() {
        assertDecision(Kind.OFFER, Reason.PLATFORM_AUTHENTICATOR,
                decide(List.of(UNKNOWN_TRANSPORT), PLATFORM, DeviceRecord.EMPTY, 0));
    }

    @Test
    void decideWhenNoPlatformAuthenticatorThenOfferPhoneOrOtherDevice() {
        assertDecision(Kind.OFFER, Reason.PHONE_NEARBY_POSSIBLE, decide(List.of(SYNCED), NO_PLATFORM_HYBRID, DeviceRecord.EMPTY, 0));
        assertDecision(Kind.OFFER, Reason.NO_PLATFORM_AUTHENTICATOR, decide(List.of(SYNCED), NO_PLATFORM, DeviceRecord.EMPTY, 0));
    }

    @Test
    void capabilitiesWhenEncodedThenDecodeBackAndGarbageIsUnknown() {
        ClientCapabilities c = new ClientCapabilities(true, false, true, false);
        assertEquals(c, ClientCapabilities.decode(c.encode()));
        assertEquals(ClientCapabilities.UNKNOWN, ClientCapabilities.decode("w9p1"));
        assertEquals(new ClientCapabilities(true, true, false, false), ClientCapabilities.fromForm("true", "true", "", null));
    }

    /** Issue 8 (11): acr_values asks for phr; only a passkey meets it, so it starts even where a button would do. */
    @Test
    void decideWhenPhishingResistantRequestedThenStartEvenForASecurityKeyButNeverWithoutPasskeysOrAfterFailures() {
        assertDecision(Kind.START, Reason.PHISHING_RESISTANT_REQUESTED,
                intelligence.decide(List.of(SECURITY_KEY), NO_PLATFORM, DeviceRecord.EMPTY, 0, now, true));
        assertDecision(Kind.FALLBACK, Reason.NO_PASSKEYS,
                intelligence.decide(List.of(), PLATFORM, DeviceRecord.EMPTY, 0, now, true));
        assertDecision(Kind.FALLBACK, Reason.FAILED_IN_THIS_LOGIN,
                intelligence.decide(List.of(SYNCED), PLATFORM, DeviceRecord.EMPTY, 2, now, true));
    }

    /** Issue 10 (8): last use is read. A year unused: a button, not a prompt; never used yet is not stale. */
    @Test
    void decideWhenEveryPasskeyUnusedForOverAYearThenOfferButFreshOrNeverUsedStillStart() {
        PasskeySummary old = new PasskeySummary("c1", Set.of("internal", "hybrid"), true, true, Optional.of(now.minus(Duration.ofDays(400))));
        PasskeySummary recent = new PasskeySummary("c3", Set.of("internal"), true, true, Optional.of(now.minus(Duration.ofDays(3))));
        assertDecision(Kind.OFFER, Reason.STALE_PASSKEYS, decide(List.of(old), PLATFORM, DeviceRecord.EMPTY, 0));
        assertDecision(Kind.START, Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
                decide(List.of(old, recent), PLATFORM, DeviceRecord.EMPTY, 0));
        assertDecision(Kind.START, Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
                decide(List.of(SYNCED), PLATFORM, DeviceRecord.EMPTY, 0));
        assertDecision(Kind.START, Reason.USED_ON_THIS_DEVICE,
                decide(List.of(old), PLATFORM, new DeviceRecord(Set.of("c1"), 0, Optional.empty()), 0),
                "used here before beats age");
    }

    /** Issue 10 (8): conditional support is read. Autofill passed over and no phone reachable: a button. */
    @Test
    void decideWhenAutofillOfferedAndPassedOverWithoutHybridThenOfferElseStart() {
        ClientCapabilities autofillNoHybrid = new ClientCapabilities(true, true, true, false);
        ClientCapabilities noAutofillNoHybrid = new ClientCapabilities(true, true, false, false);
        assertDecision(Kind.OFFER, Reason.PASSED_OVER_IN_AUTOFILL, decide(List.of(SYNCED), autofillNoHybrid, DeviceRecord.EMPTY, 0));
        assertDecision(Kind.START, Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
                decide(List.of(SYNCED), PLATFORM, DeviceRecord.EMPTY, 0), "a phone can answer over hybrid");
        assertDecision(Kind.START, Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR,
                decide(List.of(SYNCED), noAutofillNoHybrid, DeviceRecord.EMPTY, 0), "no autofill: nothing was passed over");
        assertDecision(Kind.START, Reason.USED_ON_THIS_DEVICE,
                decide(List.of(SYNCED), autofillNoHybrid, new DeviceRecord(Set.of("c1"), 0, Optional.empty()), 0));
    }

    private static void assertDecision(Kind kind, Reason reason, Decision d, String why) {
        assertEquals(new Decision(kind, reason), d, why);
    }
}
