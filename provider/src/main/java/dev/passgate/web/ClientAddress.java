package dev.passgate.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the person's browser, for throttling and the audit trail. Behind trusted proxies
 * it is the first address, reading the forwarding chain from the right (the hop nearest to us),
 * that is not one of them: entries further left were written by the client and prove nothing.
 * From an untrusted peer the forwarding headers are ignored, so nobody can pick the address a
 * throttle counts against.
 */
public final class ClientAddress {
    private final List<Cidr> trusted;
    private final ProxySettings.Header header;

    public ClientAddress(ProxySettings settings) {
        this.trusted = settings.trusted();
        this.header = settings.header();
    }

    public String of(HttpServletRequest request) {
        return resolve(request.getRemoteAddr(), values(request.getHeaders(
                header == ProxySettings.Header.FORWARDED ? "Forwarded" : "X-Forwarded-For")));
    }

    /** Whether the request came through any proxy at all (a forwarding header is present). */
    /**
     * The address with its host part cut off: the /24 of an IPv4 address ({@code 203.0.113.0/24}), the /48 of an
     * IPv6 one. Enough for a person to tell "at home" from "somewhere else", not enough to find them. Empty for
     * anything that is not an IP literal.
     */
    public static String network(String address) {
        return Cidr.literal(address == null ? "" : address).map(a -> {
            byte[] b = a.getAddress();
            int keep = b.length == 4 ? 3 : 6;
            byte[] cut = new byte[b.length];
            System.arraycopy(b, 0, cut, 0, keep);
            try {
                String text = java.net.InetAddress.getByAddress(cut).getHostAddress();
                return text + (b.length == 4 ? "/24" : "/48");
            } catch (java.net.UnknownHostException impossible) { // getByAddress only fails on a bad length
                return "";
            }
        }).orElse("");
    }

    public static boolean forwarded(HttpServletRequest request) {
        return request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null;
    }

    /**
     * @param remote the TCP peer
     * @param lines  the configured header's lines ({@code Forwarded} or {@code X-Forwarded-For})
     */
    String resolve(String remote, List<String> lines) {
        if (!isTrusted(remote)) {
            return remote;
        }
        List<String> chain = header == ProxySettings.Header.FORWARDED ? forwardedFor(lines) : split(lines);
        String client = remote;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = Cidr.literal(host(chain.get(i)));
            if (hop.isEmpty()) {
                return client; // "unknown" or an obfuscated name: the last hop we could read is all we know
            }
            client = hop.get().getHostAddress();
            if (!isTrusted(client)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        Optional<InetAddress> a = Cidr.literal(address);
        return a.isPresent() && trusted.stream().anyMatch(c -> c.contains(a.get()));
    }

    private static List<String> split(List<String> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> {
            for (String part : l.split(",")) {
                out.add(part.trim());
            }
        });
        return out;
    }

    /** The {@code for=} of each element of {@code Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"}. */
    private static List<String> forwardedFor(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String element : split(lines)) {
            String found = "";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    found = pair.substring(eq + 1).trim();
                }
            }
            out.add(found);
        }
        return out;
    }

    /** {@code "[2001:db8::17]:4711"} → {@code 2001:db8::17}; {@code 192.0.2.60:80} → {@code 192.0.2.60}. */
    static String host(String value) {
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            return close < 0 ? "" : v.substring(1, close);
        }
        int colon = v.indexOf(':');
        return colon > 0 && colon == v.lastIndexOf(':') ? v.substring(0, colon) : v;
    }

    private static List<String> values(Enumeration<String> headers) {
        List<String> out = new ArrayList<>();
        if (headers != null) {
            headers.asIterator().forEachRemaining(out::add);
        }
        return out;
    }
}
