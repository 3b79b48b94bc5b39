package dev.passgate.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * High-entropy secrets (codes, tokens, session ids) and how they are kept: only their SHA-256
 * reaches the database. A slow password hash would add nothing to 256 random bits and would cap
 * the token endpoint at a few dozen requests a second.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A UUID of version 7 (RFC 9562 §5.7): the time in milliseconds, then 74 random bits. For the keys of rows that
     * only ever grow in time order (audit events, grants, access tokens): each insert lands at the right edge of the
     * primary key's index, where a random UUID touches a page anywhere in it, and after a checkpoint writes that whole
     * page to the log again. Not a secret: never a bearer value. Its 74 random bits are what keeps an access token's
     * id unguessable (revocation names tokens by it): never trade them for a counter.
     */
    public static String timeOrderedId() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new java.util.UUID(high, low).toString();
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Lower-case hex SHA-256 of the UTF-8 value: the database key of a stored secret. */
    public static String sha256(String value) {
        return HexFormat.of().formatHex(digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] digest(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Constant-time comparison, so response timing reveals nothing about how much of a guess was right. */
    public static boolean equal(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
