package dev.passgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.passgate.config.ConfigReader;
import dev.passgate.config.SettingsException;

/** Whose address a throttle counts: the first untrusted hop from the right, and only behind a trusted proxy. */
class ClientAddressTest {
    final ClientAddress behindProxy = new ClientAddress(settings("10.0.0.0/8, 2001:db8::/32"));
    final ClientAddress behindRfc7239Proxy = new ClientAddress(settings("10.0.0.0/8, 2001:db8::/32", "forwarded"));
    final ClientAddress noProxy = new ClientAddress(settings(null));

    static ProxySettings settings(String trusted) {
        return settings(trusted, null);
    }

    static ProxySettings settings(String trusted, String header) {
        return ProxySettings.read(new ConfigReader(k -> Optional.ofNullable(switch (k) {
            case "passgate.proxy.trusted" -> trusted;
            case "passgate.proxy.header" -> header;
            default -> null;
        })));
    }

    @Test
    void headersWhenPeerNotTrustedThenIgnored() {
        assertEquals("203.0.113.9", noProxy.resolve("203.0.113.9", List.of("198.51.100.1")));
        assertEquals("203.0.113.9", behindProxy.resolve("203.0.113.9", List.of("198.51.100.1")),
                "anyone can write these headers: only a trusted proxy's are read");
    }

    @Test
    void xForwardedForWhenClientPrependsAddressesThenTheHopNearestTheProxyCounts() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real peer.
        assertEquals("198.51.100.7", behindProxy.resolve("10.0.0.2", List.of("1.2.3.4, 198.51.100.7")));
        assertEquals("198.51.100.7", behindProxy.resolve("10.0.0.2", List.of("1.2.3.4", "198.51.100.7, 10.0.0.3")),
                "a second trusted proxy in the chain is skipped; several header lines are one list");
    }

    @Test
    void forwardedWhenConfiguredThenReadWithQuotesBracketsAndPorts() {
        assertEquals("2001:db9:0:0:0:0:0:17", behindRfc7239Proxy.resolve("10.0.0.2",
                List.of("for=192.0.2.60;proto=http, For=\"[2001:db9::17]:4711\";proto=https")));
        assertEquals("192.0.2.60", behindRfc7239Proxy.resolve("10.0.0.2", List.of("for=192.0.2.60:8080")));
    }

    /**
     * The review's finding: an nginx that writes X-Forwarded-For passes the browser's own
     * Forwarded header through. Only the configured header is read, so that one proves nothing.
     */
    @Test
    void forwardedWhenTheProxyWritesXForwardedForThenTheBrowsersForwardedHeaderIsNeverRead() throws Exception {
        jakarta.servlet.http.HttpServletRequest request = (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRemoteAddr" -> "10.0.0.2";
                    case "getHeaders" -> java.util.Collections.enumeration("Forwarded".equalsIgnoreCase((String) a[0])
                            ? List.of("for=203.0.113.77") : List.of("198.51.100.7"));
                    default -> null;
                });
        assertEquals("198.51.100.7", behindProxy.of(request));
        assertEquals("203.0.113.77", behindRfc7239Proxy.of(request), "and the other way round when configured so");
    }

    @Test
    void chainWhenUnreadableOrAllTrustedThenTheLastReadableHop() {
        assertEquals("10.0.0.2", behindRfc7239Proxy.resolve("10.0.0.2", List.of("for=unknown")));
        assertEquals("10.0.0.2", behindProxy.resolve("10.0.0.2", List.of("evil.example")), "a name is never looked up");
        assertEquals("10.1.1.1", behindProxy.resolve("10.0.0.2", List.of("10.1.1.1")));
        assertEquals("10.0.0.2", behindProxy.resolve("10.0.0.2", List.of()));
    }

    @Test
    void cidrWhenParsedThenMatchesItsBlockAndMappedIpv4() throws Exception {
        Cidr block = Cidr.parse("192.168.0.0/16");
        assertTrue(block.contains(java.net.InetAddress.getByName("192.168.44.5")));
        assertFalse(block.contains(java.net.InetAddress.getByName("192.169.0.1")));
        assertTrue(block.contains(java.net.InetAddress.getByName("::ffff:192.168.1.1")));
        assertTrue(Cidr.parse("::1").contains(java.net.InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(java.net.InetAddress.getByName("8.8.8.8")));
    }

    /** Text that is not an IP literal never reaches the resolver (it would be a DNS query per request). */
    @Test
    void literalWhenNotAnAddressThenRefusedWithoutALookup() {
        for (String bad : List.of("999.1.1.1", "256.0.0.1", ".:", ".example", "evil.example", "1.2.3", "::g", "fe80::1%eth0", "")) {
            assertTrue(Cidr.literal(bad).isEmpty(), bad);
        }
        assertEquals("10.0.0.1", Cidr.literal("10.0.0.1").orElseThrow().getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", Cidr.literal("::1").orElseThrow().getHostAddress());
    }

    @Test
    void settingsWhenNotAnAddressThenStartUpRefusedNamingTheKey() {
        for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "::1/129")) {
            SettingsException e = assertThrows(SettingsException.class, () -> settings(bad));
            assertTrue(e.getMessage().contains("passgate.proxy.trusted"), e.getMessage());
        }
        SettingsException e = assertThrows(SettingsException.class, () -> settings("10.0.0.1", "x-real-ip"));
        assertTrue(e.getMessage().contains("passgate.proxy.header"), e.getMessage());
    }
}
