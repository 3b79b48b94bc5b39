package dev.passgate.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.passgate.security.Secrets;

/**
 * Six-digit one-time codes, the second factor after a password: send, resend, verify.
 *
 * <p>A code is stored only as HMAC-SHA256 under a server-side key ({@code MasterKey.Purpose.ONE_TIME_CODES}):
 * a plain hash of a million possible codes would fall to brute force from a database dump. The
 * flow key is part of the MAC, so equal codes in two flows do not look equal in the table.
 *
 * <p>The tries belong to the login, not to one code: a resend issues a new code but keeps the
 * count, otherwise resending would buy fresh guesses. Across logins, the hourly send cap bounds
 * the guesses an attacker who knows the password can make ({@code maxSendsPerHour × maxAttempts}).
 */
public final class OneTimeCodes {
    private static final Logger LOG = Logger.getLogger(OneTimeCodes.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    private final OneTimeCodeStore store;
    private final CodeSendLog sends;
    private final OtpSettings settings;
    private final SecretKeySpec macKey;
    private final CodeDelivery delivery;
    private final Clock clock;
    private final String messages;

    /** @param hmacKey at least 32 bytes, e.g. {@code masterKey.derive(Purpose.ONE_TIME_CODES)} */
    public OneTimeCodes(OneTimeCodeStore store, CodeSendLog sends, OtpSettings settings, byte[] hmacKey, CodeDelivery delivery,
                        Clock clock) {
        this(store, sends, settings, hmacKey, delivery, clock, "otp");
    }

    /**
     * @param messages the prefix of the message's keys: a recovery's code says a password reset was asked
     *                 ({@code recovery.otp}), a sign-in's that someone is signing in ({@code otp})
     */
    public OneTimeCodes(OneTimeCodeStore store, CodeSendLog sends, OtpSettings settings, byte[] hmacKey, CodeDelivery delivery,
                        Clock clock, String messages) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.store = Objects.requireNonNull(store, "store");
        this.sends = Objects.requireNonNull(sends, "sends");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (hmacKey == null || hmacKey.length < 32) {
            throw new IllegalArgumentException("the one-time code key needs at least 32 bytes");
        }
        this.macKey = new SecretKeySpec(hmacKey, "HmacSHA256");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sends a new code for the flow. Sending again in the same flow (say, by SMS after email) replaces
     * the code but keeps the login's tries and the resend delay.
     *
     * @param destination an email address or phone number valid for the channel
     * @param locale      the language of the message
     * @throws SendRefusedException TOO_SOON, HOURLY_CAP_REACHED, DELIVERY_FAILED or TOO_MANY_ATTEMPTS
     * @throws IllegalArgumentException when the destination is not valid for the channel, or the flow is another user's
     */
    public Sent send(String flowKey, String userId, Channel channel, String destination, Locale locale)
            throws SendRefusedException {
        requireFlowKey(flowKey);
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(channel, "channel");
        String to = channel.normalize(destination)
                .orElseThrow(() -> new IllegalArgumentException("not a valid " + channel + " destination"));
        Optional<OneTimeCode> previous = store.find(flowKey);
        if (previous.isPresent() && !previous.get().userId().equals(userId)) {
            throw new IllegalArgumentException("flow " + flowKey + " belongs to another user");
        }
        return issue(flowKey, userId, channel, to, previous, locale);
    }

    /**
     * Sends a new code to where the flow's last one went. The old code stops working once the new
     * one is delivered.
     *
     * @throws SendRefusedException NO_CODE, TOO_SOON, HOURLY_CAP_REACHED, DELIVERY_FAILED or TOO_MANY_ATTEMPTS
     */
    public Sent resend(String flowKey, Locale locale) throws SendRefusedException {
        requireFlowKey(flowKey);
        OneTimeCode previous = store.find(flowKey).filter(c -> !c.consumed())
                .orElseThrow(SendRefusedException::noCode);
        return issue(flowKey, previous.userId(), previous.channel(), previous.destination(), Optional.of(previous), locale);
    }

    /**
     * Where the flow's current code went (normalized), while it is unused: for a flow whose purpose is to
     * prove that destination (a new email address or phone number), the value to keep once the code matches.
     */
    public Optional<String> pendingDestination(String flowKey) {
        requireFlowKey(flowKey);
        return store.find(flowKey).filter(c -> !c.consumed()).map(OneTimeCode::destination);
    }

    /**
     * Checks a typed code. A match uses the code up. Anything but six digits (spaces around them
     * are ignored) is a wrong try, refused before any MAC is computed.
     */
    public Check verify(String flowKey, String typed) {
        requireFlowKey(flowKey);
        return verify(flowKey, typed, clock.instant(), true);
    }

    private Check verify(String flowKey, String typed, Instant now, boolean mayRetry) {
        Optional<OneTimeCode> found = store.find(flowKey);
        if (found.isEmpty() || found.get().consumed()) {
            return Check.noCode();
        }
        OneTimeCode code = found.get();
        if (code.attempts() >= settings.maxAttempts()) {
            return Check.tooManyAttempts();
        }
        if (!now.isBefore(code.expiresAt())) {
            return Check.expired();
        }
        Optional<OneTimeCode> spent = store.spendAttempt(flowKey, code.codeMac(), settings.maxAttempts());
        if (spent.isEmpty()) {
            // Used, replaced or exhausted by a parallel request between our read and our try: judge again.
            return mayRetry ? verify(flowKey, typed, now, false) : Check.noCode();
        }
        String candidate = typed == null ? "" : typed.strip();
        if (SIX_DIGITS.matcher(candidate).matches()
                && Secrets.equal(mac(flowKey, candidate), code.codeMac())) {
            return store.consume(flowKey, code.codeMac()) ? Check.valid() : Check.noCode();
        }
        int left = settings.maxAttempts() - spent.get().attempts();
        return left > 0 ? Check.wrong(left) : Check.tooManyAttempts();
    }

    private Sent issue(String flowKey, String userId, Channel channel, String to, Optional<OneTimeCode> previous,
                       Locale locale) throws SendRefusedException {
        Instant now = clock.instant();
        if (previous.isPresent()) {
            OneTimeCode p = previous.get();
            if (p.attempts() >= settings.maxAttempts()) {
                throw SendRefusedException.tooManyAttempts();
            }
            Instant allowedAt = p.lastSentAt().plus(settings.resendAfter());
            if (now.isBefore(allowedAt)) {
                throw SendRefusedException.tooSoon(allowedAt);
            }
        }
        String sendId = reserveSend(userId, now);

        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        CodeMessage message = CodeMessage.forCode(locale, messages, code, settings.ttl().toMinutes());
        String masked = channel.mask(to);
        try {
            // Delivered before it is stored: no code is ever valid that its owner was not sent.
            delivery.deliver(channel, to, message);
        } catch (DeliveryException e) {
            sends.forgetSend(sendId);
            LOG.warning(() -> "One-time code for " + masked + " not delivered by " + channel + ": " + e.getMessage());
            throw SendRefusedException.deliveryFailed(channel, e);
        }
        OneTimeCode next = new OneTimeCode(flowKey, userId, channel, to, masked, mac(flowKey, code),
                previous.map(OneTimeCode::createdAt).orElse(now), now.plus(settings.ttl()), now,
                previous.map(OneTimeCode::attempts).orElse(0), false);
        store.save(next);
        return new Sent(channel, masked, next.expiresAt(), now.plus(settings.resendAfter()));
    }

    private String reserveSend(String userId, Instant now) throws SendRefusedException {
        String sendId = UUID.randomUUID().toString();
        if (!sends.recordSend(sendId, userId, now, settings.maxSendsPerHour())) {
            List<Instant> window = sends.sendsSince(userId, now.minus(CodeSendLog.SEND_WINDOW));
            // Allowed again once enough of the oldest sends have left the window to make room for one.
            int leaving = window.size() - settings.maxSendsPerHour();
            Instant allowedAt = leaving >= 0 ? window.get(leaving).plus(CodeSendLog.SEND_WINDOW) : now; // < 0: purged meanwhile
            throw SendRefusedException.hourlyCapReached(allowedAt);
        }
        return sendId;
    }

    private String mac(String flowKey, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            mac.update(flowKey.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0); // a separator no flow key contains
            return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    static void requireFlowKey(String flowKey) {
        if (flowKey == null || flowKey.isBlank() || flowKey.length() > 128 || flowKey.indexOf(0) >= 0) {
            throw new IllegalArgumentException("a flow key is 1 to 128 characters");
        }
    }
}
