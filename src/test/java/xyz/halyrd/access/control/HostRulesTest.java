package xyz.halyrd.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostRulesTest {

    private final HostRules defaults = new HostRules(List.of(), List.of());

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1:8000, true", "localhost:8000, true", "LOCALHOST:8000, true", "[::1]:8000, true",
            "127.0.0.1:8001, false", "localhost, false", "evil.example:8000, false", "rebound.test:8000, false",
            "localhost.:8000, false", "127.0.0.1:8000@evil, false", "user@localhost:8000, false",
            "localhost:8000:1, false", "'', false", "127.0.0.2:8000, false", "[::2]:8000, false",
            "localhost:+8000, false", "localhost:08000, true"})
    void onlyTheServersOwnNamesOnItsPortPass(String host, boolean allowed) {
        assertEquals(allowed, defaults.hostAllowed(host, "http", "127.0.0.1", 8000), host);
    }

    @Test
    void theAddressTheConnectionArrivedOnPassesButNoOtherAddress() {
        assertTrue(defaults.hostAllowed("192.168.1.5:8000", "http", "192.168.1.5", 8000));
        assertFalse(defaults.hostAllowed("192.168.1.6:8000", "http", "192.168.1.5", 8000));
        assertTrue(defaults.hostAllowed("[::1]:8000", "http", "0:0:0:0:0:0:0:1", 8000));
        assertFalse(defaults.hostAllowed("myhost:8000", "http", "192.168.1.5", 8000));
    }

    @Test
    void configuredHostsPassWithAnyPortOrTheirOwn() {
        HostRules rules = new HostRules(List.of(" halyrd.lan ", "proxy.example:443"), List.of());
        assertTrue(rules.hostAllowed("halyrd.lan:9999", "http", "127.0.0.1", 8000));
        assertTrue(rules.hostAllowed("halyrd.lan", "http", "127.0.0.1", 8000));
        assertTrue(rules.hostAllowed("proxy.example", "https", "127.0.0.1", 8000));
        assertFalse(rules.hostAllowed("proxy.example:8443", "https", "127.0.0.1", 8000));
        assertThrows(IllegalArgumentException.class, () -> new HostRules(List.of("http://x"), List.of()));
    }

    @Test
    void anOriginPassesIfItIsTheRequestsOwnOrConfigured() {
        assertTrue(defaults.originAllowed("http://127.0.0.1:8000", "http", "127.0.0.1:8000"));
        assertTrue(defaults.originAllowed("http://localhost:8000", "http", "localhost:8000"));
        assertFalse(defaults.originAllowed("http://localhost:8000", "http", "127.0.0.1:8000"));
        assertFalse(defaults.originAllowed("http://evil.example", "http", "127.0.0.1:8000"));
        assertFalse(defaults.originAllowed("null", "http", "127.0.0.1:8000"));
        assertFalse(defaults.originAllowed("https://127.0.0.1:8000", "http", "127.0.0.1:8000"));
        assertFalse(defaults.originAllowed("http://127.0.0.1:8000/path", "http", "127.0.0.1:8000"));
        HostRules rules = new HostRules(List.of(), List.of("https://app.example", "http://localhost:3000/"));
        assertTrue(rules.originAllowed("https://app.example:443", "http", "127.0.0.1:8000"));
        assertTrue(rules.originAllowed("http://localhost:3000", "http", "127.0.0.1:8000"));
        assertThrows(IllegalArgumentException.class, () -> new HostRules(List.of(), List.of("*")));
    }

    @Test
    void loopbackIsDecidedWithoutDns() {
        assertTrue(AccessPolicy.isLoopback("127.0.0.1"));
        assertTrue(AccessPolicy.isLoopback("::1"));
        assertTrue(AccessPolicy.isLoopback("localhost"));
        assertFalse(AccessPolicy.isLoopback("0.0.0.0"));
        assertFalse(AccessPolicy.isLoopback("::"));
        assertFalse(AccessPolicy.isLoopback("192.168.1.5"));
        assertFalse(AccessPolicy.isLoopback("myhost"));
    }
}
