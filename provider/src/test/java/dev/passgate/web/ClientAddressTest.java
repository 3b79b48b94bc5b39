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
    final ClientAddress noProxy = new ClientAddress(settings(null));

    static ProxySettings settings(String trusted) {
        return ProxySettings.read(new ConfigReader(k -> k.equals("passgate.proxy.trusted") ? Optional.ofNullable(trusted) : Optional.empty()));
    }

    @Test
    void headersWhenPeerNotTrustedThenIgnored() {
        assertEquals("203.0.113.9", noProxy.resolve("203.0.113.9", List.of(), List.of("198.51.100.1")));
        assertEquals("203.0.113.9", behindProxy.resolve("203.0.113.9", List.of("for=198.51.100.1"), List.of("198.51.100.1")),
                "anyone can write these headers: only a trusted proxy's are read");
    }

    @Test
    void xForwardedForWhenClientPrependsAddressesThenTheHopNearestTheProxyCounts() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real peer.
        assertEquals("198.51.100.7", behindProxy.resolve("10.0.0.2", List.of(), List.of("1.2.3.4, 198.51.100.7")));
        assertEquals("198.51.100.7", behindProxy.resolve("10.0.0.2", List.of(), List.of("1.2.3.4", "198.51.100.7, 10.0.0.3")),
                "a second trusted proxy in the chain is skipped; several header lines are one list");
    }

    @Test
    void forwardedWhenPresentThenPreferredWithQuotesBracketsAndPorts() {
        assertEquals("2001:db9:0:0:0:0:0:17", behindProxy.resolve("10.0.0.2",
                List.of("for=192.0.2.60;proto=http, For=\"[2001:db9::17]:4711\";proto=https"), List.of("9.9.9.9")));
        assertEquals("192.0.2.60", behindProxy.resolve("10.0.0.2", List.of("for=192.0.2.60:8080"), List.of()));
    }

    @Test
    void chainWhenUnreadableOrAllTrustedThenTheLastReadableHop() {
        assertEquals("10.0.0.2", behindProxy.resolve("10.0.0.2", List.of("for=unknown"), List.of()));
        assertEquals("10.0.0.2", behindProxy.resolve("10.0.0.2", List.of(), List.of("evil.example")),
                "a name is never looked up");
        assertEquals("10.1.1.1", behindProxy.resolve("10.0.0.2", List.of(), List.of("10.1.1.1")));
        assertEquals("10.0.0.2", behindProxy.resolve("10.0.0.2", List.of(), List.of()));
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

    @Test
    void settingsWhenNotAnAddressThenStartUpRefusedNamingTheKey() {
        for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "::1/129")) {
            SettingsException e = assertThrows(SettingsException.class, () -> settings(bad));
            assertTrue(e.getMessage().contains("passgate.proxy.trusted"), e.getMessage());
        }
    }
}
