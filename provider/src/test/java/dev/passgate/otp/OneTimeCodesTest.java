package dev.passgate.otp;

import java.util.Locale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.passgate.otp.Check.Outcome;
import dev.passgate.otp.SendRefusedException.Reason;
import dev.passgate.persistence.Database;
import dev.passgate.persistence.JpaOneTimeCodeStore;
import dev.passgate.security.Secrets;

/** The service on the real JPA store (in-memory H2, real migrations) with a clock the test moves. */
class OneTimeCodesTest {
    static final String ADA_EMAIL = "ada@example.com";
    final Instant start = Instant.parse("2026-11-22T10:00:00Z");
    final byte[] key = Secrets.randomBytes(32);

    Database db;
    JpaOneTimeCodeStore store;
    MutableClock clock;
    RecordingDelivery channel;
    OneTimeCodes codes;
    String ada;

    @BeforeEach
    void open() {
        db = TestDatabase.open();
        ada = TestDatabase.createUser(db, "ada", start);
        store = new JpaOneTimeCodeStore(db);
        clock = new MutableClock(start);
        channel = new RecordingDelivery();
        codes = new OneTimeCodes(store, store, OtpSettings.defaults(), key, channel, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void sendWhenEmailThenCodeDeliveredAndDestinationMasked() throws Exception {
        Sent sent = codes.send("flow-1", ada, Channel.EMAIL, " " + ADA_EMAIL, Locale.ENGLISH);
        assertEquals(new Sent(Channel.EMAIL, "a\u2022\u2022\u2022@example.com", start.plus(Duration.ofMinutes(5)),
                start.plusSeconds(30)), sent);
        RecordingDelivery.Delivered d = channel.last();
        assertEquals(ADA_EMAIL, d.destination());
        assertTrue(d.code().matches("[0-9]{6}"));
        assertTrue(d.message().contains("valid for 5 minutes"), d.message());
    }

    @Test
    void sendWhenPhoneThenDeliveredToNormalizedNumberAndMaskedToLastTwoDigits() throws Exception {
        Sent sent = codes.send("flow-1", ada, Channel.SMS, "+33 6 12 34 56 00", Locale.ENGLISH);
        assertEquals("\u2022\u2022\u2022\u2022 \u2022\u2022 00", sent.maskedDestination());
        assertEquals("+33612345600", channel.last().destination());
    }

    @Test
    void sendWhenDestinationInvalidForChannelThenRefusedAndNothingSent() {
        assertThrows(IllegalArgumentException.class, () -> codes.send("flow-1", ada, Channel.EMAIL, "not-an-address", Locale.ENGLISH));
        assertThrows(IllegalArgumentException.class, () -> codes.send("flow-1", ada, Channel.SMS, ADA_EMAIL, Locale.ENGLISH));
        assertTrue(channel.delivered.isEmpty());
    }

    @Test
    void verifyWhenRightCodeThenValidAndSingleUse() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String code = channel.lastCode();
        assertEquals(Check.valid(), codes.verify("flow-1", code));
        assertEquals(Check.noCode(), codes.verify("flow-1", code), "a used code never verifies again");
        assertEquals(Reason.NO_CODE, assertThrows(SendRefusedException.class, () -> codes.resend("flow-1", Locale.ENGLISH)).reason());
    }

    @Test
    void verifyWhenCodeOfAnotherFlowThenWrong() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String first = channel.lastCode();
        codes.send("flow-2", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String second = channel.lastCode();
        if (!first.equals(second)) {
            assertEquals(Outcome.WRONG, codes.verify("flow-2", first).outcome());
        }
        assertEquals(Check.valid(), codes.verify("flow-2", second));
        assertEquals(Check.valid(), codes.verify("flow-1", first));
    }

    @Test
    void verifyWhenFiveMinutesPassedThenExpired() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String code = channel.lastCode();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Check.expired(), codes.verify("flow-1", code));

        codes.send("flow-2", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertEquals(Check.valid(), codes.verify("flow-2", channel.lastCode()), "still valid a second before");
    }

    @Test
    void verifyWhenFiveWrongTriesThenCodeDead() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String code = channel.lastCode();
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertEquals(Check.wrong(4), codes.verify("flow-1", wrong));
        assertEquals(Check.wrong(3), codes.verify("flow-1", wrong));
        assertEquals(Check.wrong(2), codes.verify("flow-1", wrong));
        assertEquals(Check.wrong(1), codes.verify("flow-1", wrong));
        assertEquals(Check.tooManyAttempts(), codes.verify("flow-1", wrong));
        assertEquals(Check.tooManyAttempts(), codes.verify("flow-1", code), "not even the right code now");
        clock.advance(Duration.ofSeconds(30));
        SendRefusedException e = assertThrows(SendRefusedException.class, () -> codes.resend("flow-1", Locale.ENGLISH));
        assertEquals(Reason.TOO_MANY_ATTEMPTS, e.reason(), "a new code would not restore the tries");
    }

    @Test
    void verifyWhenMalformedThenWrongAndCounted() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String code = channel.lastCode();
        assertEquals(Check.wrong(4), codes.verify("flow-1", code.substring(1)));
        assertEquals(Check.wrong(3), codes.verify("flow-1", code + "0"));
        assertEquals(Check.wrong(2), codes.verify("flow-1", "12a456"));
        assertEquals(Check.wrong(1), codes.verify("flow-1", "\uff11\uff12\uff13\uff14\uff15\uff16"), "full-width digits");
        assertEquals(Check.tooManyAttempts(), codes.verify("flow-1", null));
    }

    @Test
    void verifyWhenSpacesAroundRightCodeThenValid() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        assertEquals(Check.valid(), codes.verify("flow-1", "  " + channel.lastCode() + " \t"));
    }

    @Test
    void verifyWhenNothingSentThenNoCode() {
        assertEquals(Check.noCode(), codes.verify("flow-unknown", "123456"));
    }

    @Test
    void resendWhenBeforeThirtySecondsThenTooSoonWithTheInstantItIsAllowed() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String first = channel.lastCode();
        clock.advance(Duration.ofSeconds(29));
        SendRefusedException e = assertThrows(SendRefusedException.class, () -> codes.resend("flow-1", Locale.ENGLISH));
        assertEquals(Reason.TOO_SOON, e.reason());
        assertEquals(start.plusSeconds(30), e.retryAt().orElseThrow());
        assertEquals(Reason.TOO_SOON, assertThrows(SendRefusedException.class,
                () -> codes.send("flow-1", ada, Channel.SMS, "+33612345600", Locale.ENGLISH)).reason(), "switching channel is a resend too");

        clock.advance(Duration.ofSeconds(1));
        Sent sent = codes.resend("flow-1", Locale.ENGLISH);
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), sent.expiresAt());
        assertEquals(clock.instant().plusSeconds(30), sent.resendAvailableAt());
        assertEquals(ADA_EMAIL, channel.last().destination());
        String second = channel.lastCode();
        if (!first.equals(second)) {
            assertEquals(Outcome.WRONG, codes.verify("flow-1", first).outcome(), "the old code stops working");
        }
        assertEquals(Check.valid(), codes.verify("flow-1", second));
    }

    @Test
    void resendWhenWrongTriesMadeThenFailureCountNotReset() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String wrong = channel.lastCode().equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 3; i++) {
            codes.verify("flow-1", wrong);
        }
        clock.advance(Duration.ofSeconds(30));
        codes.resend("flow-1", Locale.ENGLISH);
        String fresh = channel.lastCode();
        String wrongAgain = fresh.equals("000000") ? "111111" : "000000";
        assertEquals(Check.wrong(1), codes.verify("flow-1", wrongAgain));
        assertEquals(Check.tooManyAttempts(), codes.verify("flow-1", wrongAgain));
        assertEquals(Check.tooManyAttempts(), codes.verify("flow-1", fresh));
    }

    /** The lost update: a resend read the tries before its slow delivery and wrote that count back after it. */
    @Test
    void resendWhenGuessesRaceWithTheDeliveryThenNoTryIsRestored() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String wrong = channel.lastCode().equals("000000") ? "111111" : "000000";
        clock.advance(Duration.ofSeconds(30));
        channel.during = () -> {
            for (int i = 0; i < 4; i++) {
                codes.verify("flow-1", wrong); // charged to the old code while the new one is on its way
            }
        };
        codes.resend("flow-1", Locale.ENGLISH);
        channel.during = () -> { };
        String fresh = channel.lastCode();
        String wrongAgain = fresh.equals("000000") ? "111111" : "000000";
        assertEquals(Check.tooManyAttempts(), codes.verify("flow-1", wrongAgain),
                "four guesses during delivery plus this one: the fifth and last try (a restored count would say 4 left)");
        assertEquals(Check.tooManyAttempts(), codes.verify("flow-1", fresh));
    }

    @Test
    void resendWhenNothingSentThenNoCode() {
        assertEquals(Reason.NO_CODE, assertThrows(SendRefusedException.class, () -> codes.resend("flow-1", Locale.ENGLISH)).reason());
    }

    @Test
    void sendWhenFiveSentInTheLastHourThenHourlyCapUntilTheOldestLeavesTheWindow() throws Exception {
        for (int i = 0; i < 5; i++) {
            codes.send("flow-" + i, ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
            clock.advance(Duration.ofMinutes(1));
        }
        SendRefusedException e = assertThrows(SendRefusedException.class,
                () -> codes.send("flow-5", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH));
        assertEquals(Reason.HOURLY_CAP_REACHED, e.reason());
        assertEquals(start.plus(Duration.ofHours(1)), e.retryAt().orElseThrow());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Reason.HOURLY_CAP_REACHED, assertThrows(SendRefusedException.class,
                () -> codes.resend("flow-4", Locale.ENGLISH)).reason(), "resends count too");

        String grace = TestDatabase.createUser(db, "grace", start);
        codes.send("flow-g", grace, Channel.EMAIL, "grace@example.com", Locale.ENGLISH); // the cap is per account

        clock.advance(Duration.between(clock.instant(), start.plus(Duration.ofHours(1))));
        codes.send("flow-5", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        assertEquals(7, channel.delivered.size());
    }

    @Test
    void sendWhenChannelDownThenDeliveryFailedNoCodeLeftAndNothingCounted() throws Exception {
        channel.down = true;
        SendRefusedException e = assertThrows(SendRefusedException.class,
                () -> codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH));
        assertEquals(Reason.DELIVERY_FAILED, e.reason());
        assertTrue(store.find("flow-1").isEmpty());
        assertEquals(Check.noCode(), codes.verify("flow-1", "123456"));
        assertTrue(store.sendsSince(ada, start.minusSeconds(1)).isEmpty(), "a failed send does not count toward the cap");

        channel.down = false;
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH); // at once: no resend delay after a failure
        assertEquals(Check.valid(), codes.verify("flow-1", channel.lastCode()));
    }

    @Test
    void resendWhenChannelDownThenEarlierCodeStillValid() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String first = channel.lastCode();
        clock.advance(Duration.ofSeconds(30));
        channel.down = true;
        assertEquals(Reason.DELIVERY_FAILED, assertThrows(SendRefusedException.class, () -> codes.resend("flow-1", Locale.ENGLISH)).reason());
        assertEquals(Check.valid(), codes.verify("flow-1", first));
    }

    @Test
    void storeWhenCodeSentThenOnlyItsHmacInTheTable() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String code = channel.lastCode();
        List<Object[]> rows = db.inTransaction(em -> em.createNativeQuery(
                "SELECT flow_key, user_id, channel, destination, masked_destination, code_mac, attempts FROM one_time_codes")
                .getResultList());
        assertEquals(1, rows.size());
        for (Object column : rows.get(0)) {
            assertFalse(String.valueOf(column).contains(code), "clear code in column value " + column);
        }
        assertEquals(hmac(key, "flow-1", code), rows.get(0)[5], "HMAC-SHA256 of flow key and code");
        assertNotEquals(Secrets.sha256(code), rows.get(0)[5]);
    }

    @Test
    void verifyWhenParallelGuessesThenNoMoreTriesThanTheLimit() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        String wrong = channel.lastCode().equals("000000") ? "111111" : "000000";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Check>> guesses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                guesses.add(() -> codes.verify("flow-1", wrong));
            }
            long judged = 0;
            for (Future<Check> f : pool.invokeAll(guesses)) {
                Outcome o = f.get().outcome();
                judged += o == Outcome.WRONG ? 1 : 0;
            }
            assertEquals(4, judged, "four wrong answers, then only too-many-attempts");
            assertEquals(5, store.find("flow-1").orElseThrow().attempts());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends to one account racing on many threads (as on many nodes): exactly the cap goes out, never more or fewer. */
    @Test
    void sendWhenManyRaceForTheHourlyCapThenExactlyTheCapGoesOut() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Reason>> sends = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String flow = "race-" + i;
                sends.add(() -> {
                    try {
                        codes.send(flow, ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
                        return null;
                    } catch (SendRefusedException e) {
                        return e.reason();
                    }
                });
            }
            int refused = 0;
            for (Future<Reason> f : pool.invokeAll(sends)) {
                Reason r = f.get();
                if (r != null) {
                    assertEquals(Reason.HOURLY_CAP_REACHED, r);
                    refused++;
                }
            }
            assertEquals(5, channel.delivered.size(), "the hourly cap, exactly");
            assertEquals(11, refused);
            assertEquals(5, store.sendsSince(ada, start.minusSeconds(1)).size(), "refused sends are not counted");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeWhenCodesExpiredThenRemovedAndSendsOutOfWindowForgotten() throws Exception {
        codes.send("flow-1", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        clock.advance(Duration.ofMinutes(30));
        codes.send("flow-2", ada, Channel.EMAIL, ADA_EMAIL, Locale.ENGLISH);
        assertEquals(1, store.purge(clock.instant()), "flow-1 expired, flow-2 live, both sends in the hour");
        assertTrue(store.find("flow-1").isEmpty());
        assertTrue(store.find("flow-2").isPresent());
        assertEquals(3, store.purge(start.plus(Duration.ofMinutes(91))), "flow-2 and both sends");
        assertEquals(List.of(), store.sendsSince(ada, start.minusSeconds(1)));
    }

    private static String hmac(byte[] key, String flowKey, String code) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((flowKey + "\0" + code).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal());
    }
}
