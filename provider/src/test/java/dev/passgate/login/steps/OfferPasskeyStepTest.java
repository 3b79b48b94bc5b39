package dev.passgate.login.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.login.LoginSettings;
import dev.passgate.login.LoginTransaction;
import dev.passgate.login.OfferRecord;
import dev.passgate.login.intelligence.ClientCapabilities;
import dev.passgate.passkey.PasskeyLookup;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaLoginStores;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/**
 * The offer rules: append for accounts without passkeys unless skipped (10 sign-ins or 7 days,
 * whichever first), healing after passkey errors regardless of any skip. Real offer record on H2,
 * an injected clock; the passkey count comes from a one-method stand-in for the passkey store.
 */
class OfferPasskeyStepTest {
    Database db;
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    int passkeys;
    OfferRecord offers;
    OfferPasskeyStep step;

    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        new JpaUserStore(db).create(User.create("u1", "ada", now));
        offers = JpaLoginStores.offers(db);
        PasskeyLookup count = (PasskeyLookup) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PasskeyLookup.class}, (proxy, method, args) -> {
                    if (method.getName().equals("countForUser")) {
                        return passkeys;
                    }
                    throw new AssertionError("the offer rules should only count passkeys, not call " + method.getName());
                });
        LoginSettings settings = new LoginSettings(2, Duration.ofSeconds(60), true, 10, Duration.ofDays(7), 5, 5, 20);
        step = new OfferPasskeyStep(null, count, null, offers, null, null, settings, null, null, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Optional<String> offer(boolean passkeyErrorSeen) {
        LoginTransaction tx = LoginTransaction.start("h", "ada", now, now.plusSeconds(600)).change()
                .user("u1", "ada").capabilities(new ClientCapabilities(true, true, true, false)).build();
        if (passkeyErrorSeen) {
            tx = tx.change().passkeyFailure("no_passkey_on_device", true).build();
        }
        return step.offerKind(tx);
    }

    @Test
    void offerWhenNoPasskeyAndNeverSkippedThenAppend() {
        assertEquals(Optional.of(OfferPasskeyStep.APPEND), offer(false));
    }

    @Test
    void offerWhenSkippedThenHiddenUntilTenMoreSignIns() {
        offers.recordSkip("u1", now);
        for (int i = 0; i < 9; i++) {
            offers.countSignIn("u1");
            assertEquals(Optional.empty(), offer(false), "after " + (i + 1) + " sign-ins");
        }
        offers.countSignIn("u1");
        assertEquals(Optional.of(OfferPasskeyStep.APPEND), offer(false), "the tenth sign-in lifts the skip");
    }

    @Test
    void offerWhenSkippedThenHiddenForSevenDaysEvenWithoutSignIns() {
        offers.recordSkip("u1", now);
        now = now.plus(Duration.ofDays(7)).minusSeconds(1);
        assertEquals(Optional.empty(), offer(false));
        now = now.plusSeconds(1);
        assertEquals(Optional.of(OfferPasskeyStep.APPEND), offer(false), "seven days lift the skip");
    }

    @Test
    void offerWhenPasskeyFailedAndAccountHasPasskeysThenHealEvenIfSkipped() {
        passkeys = 1;
        offers.recordSkip("u1", now);
        assertEquals(Optional.of(OfferPasskeyStep.HEAL), offer(true));
        assertEquals(Optional.empty(), offer(false), "an account with a working passkey is not nagged");
    }

    @Test
    void offerWhenBrowserCannotCreatePasskeysThenNone() {
        LoginTransaction tx = LoginTransaction.start("h", "ada", now, now.plusSeconds(600)).change().user("u1", "ada").build();
        assertEquals(Optional.empty(), step.offerKind(tx));
    }

    /** Issue 10: after a sign-in with a phone's passkey, one on this device; the skip rule and the limit apply. */
    @Test
    void offerWhenSignedInFromAnotherDeviceThenLocalUnlessSkippedOrAtTheLimit() {
        passkeys = 1;
        LoginTransaction crossDevice = LoginTransaction.start("h", "ada", now, now.plusSeconds(600)).change()
                .user("u1", "ada").capabilities(new ClientCapabilities(true, true, true, true)).offer(OfferPasskeyStep.LOCAL).build();
        assertEquals(Optional.of(OfferPasskeyStep.LOCAL), step.offerKind(crossDevice));
        passkeys = 5;
        assertEquals(Optional.empty(), step.offerKind(crossDevice), "at the limit: nothing offered");
        passkeys = 1;
        offers.recordSkip("u1", now);
        assertEquals(Optional.empty(), step.offerKind(crossDevice), "\"I'll do it later\" holds for this offer too");
    }
}
