package dev.passgate.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.config.PassgateSettings.DatabaseSettings;
import dev.passgate.otp.Channel;
import dev.passgate.otp.CodeDelivery;
import dev.passgate.otp.CodeMessage;
import dev.passgate.otp.DeliveryException;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaNoticeStore;
import dev.passgate.persistence.JpaUserStore;
import dev.passgate.user.User;

/** Notices of passkey changes on the real store (H2): sent later, retried, given up, never lost silently. */
class NotifierTest {
    record Sent(Channel channel, String to, CodeMessage message) {
    }

    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };
    final List<Sent> sent = new ArrayList<>();
    boolean down;
    boolean smtp = true;
    int failedTries;
    Database db;
    JpaNoticeStore store;
    Notifier notifier;

    @BeforeEach
    void open() {
        db = Database.open(new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        JpaUserStore users = new JpaUserStore(db);
        users.create(User.create("mail", "ada", now).withEmail("ada@example.com", true));
        users.create(User.create("phone", "bob", now).withPhone("+41446681800", true));
        users.create(User.create("none", "eve", now));
        store = new JpaNoticeStore(db);
        CodeDelivery delivery = (channel, to, message) -> {
            if (down) {
                failedTries++;
                throw new DeliveryException("mail server down");
            }
            sent.add(new Sent(channel, to, message));
        };
        notifier = new Notifier(store, users, delivery, (email, phone) -> {
            java.util.Set<Channel> reach = java.util.EnumSet.noneOf(Channel.class);
            if (email != null && smtp) {
                reach.add(Channel.EMAIL);
            }
            if (phone != null) {
                reach.add(Channel.SMS);
            }
            return reach;
        }, Locale.ENGLISH, Optional.of("https://help.example/passkeys"), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void replacedWhenQueuedThenSentLaterByEmailSayingWhatWhenFromWhereAndWhereToGetHelp() {
        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_REPLACED, "iCloud Keychain", Optional.of("YubiKey 5"), "Safari (macOS)");
        assertTrue(sent.isEmpty(), "queued, not sent on the caller's thread");
        assertEquals(1, notifier.deliverDue());
        Sent s = sent.get(0);
        assertEquals(Channel.EMAIL, s.channel());
        assertEquals("ada@example.com", s.to());
        assertEquals("Your passkey was replaced", s.message().subject());
        assertTrue(s.message().text().contains("\u201cYubiKey 5\u201d") && s.message().text().contains("\u201ciCloud Keychain\u201d")
                && s.message().text().contains("2026-12-01 10:00 UTC") && s.message().text().contains("Safari (macOS)"), s.message().text());
        assertTrue(s.message().footer().contains("https://help.example/passkeys"), s.message().footer());
        assertEquals(0, notifier.deliverDue(), "sent once");
    }

    @Test
    void addedWhenOnlyAPhoneIsOnFileThenBySmsWithTheHelpInTheText() {
        notifier.passkeyChanged("phone", Notice.Kind.PASSKEY_ADDED, "Google Password Manager", Optional.empty(), "");
        notifier.deliverDue();
        assertEquals(Channel.SMS, sent.get(0).channel());
        assertTrue(sent.get(0).message().text().contains("an unknown browser"), sent.get(0).message().text());
        assertTrue(sent.get(0).message().text().contains("https://help.example/passkeys"), "an SMS has no footer");
    }

    /** The review's point: email on file but no SMTP configured (an SMS-only deployment): SMS, not eight doomed tries. */
    @Test
    void emailOnFileWhenNoSmtpConfiguredThenBySms() {
        smtp = false;
        dev.passgate.persistence.JpaUserStore users = new dev.passgate.persistence.JpaUserStore(db);
        users.create(User.create("both", "cy", now).withEmail("cy@example.com", true).withPhone("+41446681801", true));
        notifier.passkeyChanged("both", Notice.Kind.PASSKEY_REMOVED, "Passkey", Optional.empty(), "Edge (Windows)");
        assertEquals(1, notifier.deliverDue());
        assertEquals(Channel.SMS, sent.get(0).channel());
        assertTrue(sent.get(0).message().text().startsWith("The passkey \u201cPasskey\u201d was removed"), sent.get(0).message().text());
    }

    /** Seed 003's teaching, after any passkey is created: whether it syncs, and what to do when it does not. */
    @Test
    void addedWhenThePasskeyLivesOnOneDeviceThenTheNoticeSuggestsAnotherAndStoredSyncSurvivesTheQueue() {
        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_ADDED, "YubiKey 5", Optional.empty(), "Chrome (Linux)",
                Optional.of(Notifier.sync(false, false)));
        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_ADDED, "iCloud Keychain", Optional.empty(), "Safari (macOS)",
                Optional.of(Notifier.sync(true, true)));
        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_ADDED, "Google Password Manager", Optional.empty(), "",
                Optional.of(Notifier.sync(true, false)));
        assertEquals(3, notifier.deliverDue());
        java.util.Map<String, String> texts = new java.util.HashMap<>();
        sent.forEach(s -> texts.put(s.message().text().split("\u201d")[0], s.message().text()));
        assertTrue(texts.get("A new passkey, \u201cYubiKey 5").contains("works only on that device or security key: add a passkey"),
                texts.toString());
        assertTrue(texts.get("A new passkey, \u201ciCloud Keychain").contains("It is synced"), texts.toString());
        assertTrue(texts.get("A new passkey, \u201cGoogle Password Manager").contains("turn on sync"), texts.toString());
    }

    /** A node whose lease ran out (a slow mail server) cannot mark a notice another node now holds. */
    @Test
    void resultWhenTheLeaseWasLostThenIgnored() {
        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_ADDED, "Passkey", Optional.empty(), "");
        java.time.Instant lease = now.plusSeconds(120);
        String id = store.claimDue(now, lease, 1).get(0).notice().id();
        now = now.plusSeconds(121);
        java.time.Instant lease2 = now.plusSeconds(120);
        assertEquals(1, store.claimDue(now, lease2, 1).size(), "taken over");
        store.failed(id, lease, Optional.of(now)); // the first node's late answer
        assertEquals(0, store.claimDue(now, now.plusSeconds(1), 1).size(), "still held by the second node");
        store.sent(id, lease2, now);
        now = now.plusSeconds(300);
        assertEquals(0, store.claimDue(now, now.plusSeconds(1), 1).size(), "sent once, by the holder");
    }

    @Test
    void deliveryWhenTheChannelFailsThenRetriedWithGrowingDelaysThenGivenUp() {
        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_ADDED, "Passkey", Optional.empty(), "Chrome (Linux)");
        down = true;
        assertEquals(0, notifier.deliverDue());
        assertEquals(0, notifier.deliverDue(), "not retried at once");
        now = now.plus(Notifier.FIRST_RETRY);
        down = false;
        assertEquals(1, notifier.deliverDue(), "retried after the first delay, and sent");

        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_ADDED, "Passkey", Optional.empty(), "Chrome (Linux)");
        down = true;
        int before = failedTries;
        for (int i = 0; i < 100; i++) { // 50 hours, a try every 30 minutes at most
            notifier.deliverDue();
            now = now.plus(Duration.ofMinutes(30));
        }
        assertEquals(Notifier.MAX_ATTEMPTS, failedTries - before, "tried a bounded number of times, then given up");
    }

    @Test
    void accountWithNowhereToWriteThenDroppedNotRetried() {
        notifier.passkeyChanged("none", Notice.Kind.PASSKEY_ADDED, "Passkey", Optional.empty(), "");
        assertEquals(0, notifier.deliverDue());
        now = now.plus(Duration.ofHours(1));
        assertTrue(store.claimDue(now, now.plusSeconds(60), 10).isEmpty());
    }

    @Test
    void claimWhenTwoNodesAskAtOnceThenEachNoticeGoesToOne() {
        notifier.passkeyChanged("mail", Notice.Kind.PASSKEY_ADDED, "Passkey", Optional.empty(), "");
        assertEquals(1, store.claimDue(now, now.plusSeconds(120), 10).size());
        assertTrue(store.claimDue(now, now.plusSeconds(120), 10).isEmpty(), "leased to the first node");
        now = now.plusSeconds(121);
        assertEquals(1, store.claimDue(now, now.plusSeconds(120), 10).size(), "a node that died mid-send leaves it due again");
    }
}
