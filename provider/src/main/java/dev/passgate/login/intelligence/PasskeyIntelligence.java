package dev.passgate.login.intelligence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides, after the identifier, whether to start the passkey ceremony at once, offer it, or go
 * straight to the password. Pure: same inputs, same decision; no I/O, so every rule is unit-tested.
 *
 * <p>The rules, first match wins:
 * <ol>
 * <li>no passkey on the account → FALLBACK</li>
 * <li>no WebAuthn in this browser → FALLBACK</li>
 * <li>passkey failures in this login reached the threshold → FALLBACK</li>
 * <li>this browser failed repeatedly within {@link #DEVICE_MEMORY} → FALLBACK</li>
 * <li>this browser used one of the account's passkeys successfully before → START</li>
 * <li>every passkey of the account was last used over {@link #STALE_AFTER} ago → OFFER: its
 *     authenticator may be long gone, and a prompt that finds nothing only annoys</li>
 * <li>this browser offers autofill (conditional mediation) and the person typed the identifier
 *     instead of picking a passkey there, and no phone can answer (no hybrid) → OFFER: none of the
 *     account's passkeys is on this device, a prompt would find nothing</li>
 * <li>a user-verifying platform authenticator, and a synced passkey or one whose transports include
 *     {@code internal} or {@code hybrid} → START</li>
 * <li>only security keys (usb/nfc/ble) → OFFER: starting a prompt for a key not plugged in only annoys</li>
 * <li>a platform authenticator or a phone nearby (hybrid) → OFFER</li>
 * <li>otherwise → OFFER: no platform authenticator here, but the user may still have a key or a phone</li>
 * </ol>
 */
public final class PasskeyIntelligence {
    /** How long a browser's failures count against starting a passkey there by itself. */
    public static final Duration DEVICE_MEMORY = Duration.ofHours(24);
    /** Passkeys unused this long no longer start a prompt by themselves. */
    public static final Duration STALE_AFTER = Duration.ofDays(365);

    private final int failureThreshold;

    /** @param failureThreshold passkey failures after which the flow falls back (default 2) */
    public PasskeyIntelligence(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    public Decision decide(List<PasskeySummary> passkeys, ClientCapabilities browser, DeviceRecord device,
                           int failuresInLogin, Instant now) {
        return decide(passkeys, browser, device, failuresInLogin, now, false);
    }

    /** @param phishingResistantRequested the application asked for {@code urn:passgate:acr:phr}: start the passkey whenever it can work */
    public Decision decide(List<PasskeySummary> passkeys, ClientCapabilities browser, DeviceRecord device,
                           int failuresInLogin, Instant now, boolean phishingResistantRequested) {
        if (passkeys.isEmpty()) {
            return Decision.of(Decision.Kind.FALLBACK, Decision.Reason.NO_PASSKEYS);
        }
        if (!browser.webAuthn()) {
            return Decision.of(Decision.Kind.FALLBACK, Decision.Reason.NO_WEBAUTHN);
        }
        if (failuresInLogin >= failureThreshold) {
            return Decision.of(Decision.Kind.FALLBACK, Decision.Reason.FAILED_IN_THIS_LOGIN);
        }
        boolean deviceFailedRecently = device.recentFailures() >= failureThreshold
                && device.lastFailureAt().map(t -> t.plus(DEVICE_MEMORY).isAfter(now)).orElse(false);
        if (deviceFailedRecently) {
            return Decision.of(Decision.Kind.FALLBACK, Decision.Reason.DEVICE_FAILED_RECENTLY);
        }
        if (phishingResistantRequested) { // a password would not meet the request: do not make the person choose
            return Decision.of(Decision.Kind.START, Decision.Reason.PHISHING_RESISTANT_REQUESTED);
        }
        if (device.knowsAnyOf(passkeys)) {
            return Decision.of(Decision.Kind.START, Decision.Reason.USED_ON_THIS_DEVICE);
        }
        // Never used is not stale: a passkey made at the last sign-in is used for the first time now.
        boolean allStale = passkeys.stream().allMatch(p -> p.lastUsedAt().map(t -> t.plus(STALE_AFTER).isBefore(now)).orElse(false));
        if (allStale) {
            return Decision.of(Decision.Kind.OFFER, Decision.Reason.STALE_PASSKEYS);
        }
        if (browser.conditionalMediation() && !browser.hybridTransport()) {
            return Decision.of(Decision.Kind.OFFER, Decision.Reason.PASSED_OVER_IN_AUTOFILL);
        }
        boolean platformFriendly = passkeys.stream().anyMatch(p -> p.isSynced()
                || p.transports().contains("internal") || p.transports().contains("hybrid"));
        if (browser.platformAuthenticator() && platformFriendly) {
            return Decision.of(Decision.Kind.START, Decision.Reason.SYNCED_PASSKEY_AND_PLATFORM_AUTHENTICATOR);
        }
        if (passkeys.stream().allMatch(PasskeySummary::isSecurityKeyOnly)) {
            return Decision.of(Decision.Kind.OFFER, Decision.Reason.SECURITY_KEY_NEEDS_GESTURE);
        }
        if (browser.platformAuthenticator()) {
            return Decision.of(Decision.Kind.OFFER, Decision.Reason.PLATFORM_AUTHENTICATOR);
        }
        if (browser.hybridTransport()) {
            return Decision.of(Decision.Kind.OFFER, Decision.Reason.PHONE_NEARBY_POSSIBLE);
        }
        return Decision.of(Decision.Kind.OFFER, Decision.Reason.NO_PLATFORM_AUTHENTICATOR);
    }
}
