package dev.passgate.web;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). IPv4 blocks
 * also match IPv4-mapped IPv6 addresses, as a dual-stack server may report them.
 */
public record Cidr(BigInteger network, int prefix, int bits) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    /** @throws IllegalArgumentException naming what is wrong */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(host).orElseThrow(() -> new IllegalArgumentException("'" + t + "' is not an IP address or CIDR block"))
                .getAddress();
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' has no valid prefix length");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("'" + t + "' has a prefix length outside 0–" + bits);
        }
        return new Cidr(mask(new BigInteger(1, bytes), prefix, bits), prefix, bits);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bits == 32 && bytes.length == 16 && isV4Mapped(bytes)) {
            bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes.length * 8 == bits && mask(new BigInteger(1, bytes), prefix, bits).equals(network);
    }

    /**
     * An IP literal, never a name lookup (header values are attacker text). A dotted quad is
     * converted here, octet by octet; anything else must look like IPv6 (hex digits and colons,
     * starting with either, with a colon in it), which {@link InetAddress} parses without DNS or
     * refuses. Everything else is refused before any resolver could see it.
     */
    public static Optional<InetAddress> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        try {
            if (IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (IPV6.matcher(text).matches() && text.indexOf(':') >= 0) {
                return Optional.of(InetAddress.getByName(text));
            }
            return Optional.empty();
        } catch (UnknownHostException | SecurityException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static BigInteger mask(BigInteger value, int prefix, int bits) {
        return value.shiftRight(bits - prefix).shiftLeft(bits - prefix);
    }
}
