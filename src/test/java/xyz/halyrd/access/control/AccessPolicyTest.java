package xyz.halyrd.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static AccessPolicy policy(String address, boolean required, String tokenFile, String hosts) {
        AccessPolicy policy = new AccessPolicy();
        policy.address = address;
        policy.authRequired = required;
        policy.tokenFile = Optional.ofNullable(tokenFile);
        policy.allowedHosts = Optional.ofNullable(hosts);
        policy.allowedOrigins = Optional.empty();
        policy.maxBodyBytes = 65536;
        policy.load();
        return policy;
    }

    @Test
    void onLoopbackWithoutATokenNothingIsRequiredOfLocalRequests() {
        AccessPolicy policy = policy("127.0.0.1", false, null, null);
        assertEquals(Optional.empty(), policy.refusal());
        assertFalse(policy.tokenRequired("127.0.0.1"));
        assertFalse(policy.tokenRequired("0:0:0:0:0:0:0:1"));
        assertTrue(policy.tokenRequired("192.168.1.5"), "a request that came in on another interface needs one");
        assertFalse(policy.tokenMatches("anything"));
    }

    @Test
    void beyondLoopbackOrRequiredWithoutATokenFileItRefusesToStart() {
        assertTrue(policy("0.0.0.0", false, null, null).refusal().orElseThrow()
                .startsWith("Halyrd refuses to start: halyrd.http.address is 0.0.0.0, which is beyond loopback"));
        assertTrue(policy("127.0.0.1", true, null, null).refusal().orElseThrow()
                .startsWith("Halyrd refuses to start: halyrd.auth.required is true"));
        assertTrue(policy("127.0.0.1", false, null, "http://bad").refusal().orElseThrow()
                .contains("halyrd.http.allowed-hosts"));
    }

    @Test
    void aTokenFileTurnsTokenModeOnEverywhere() throws Exception {
        Path file = Files.createTempDirectory("policy").resolve("api-token");
        Files.writeString(file, "short\n");
        assertTrue(policy("0.0.0.0", false, file.toString(), null).refusal().orElseThrow().contains("at least 24"));
        String token = "a-token-of-enough-length-0123456789";
        Files.writeString(file, token + "\n");
        AccessPolicy policy = policy("0.0.0.0", false, file.toString(), "halyrd.lan, other.lan:9000");
        assertEquals(Optional.empty(), policy.refusal());
        assertTrue(policy.tokenRequired("127.0.0.1"));
        assertTrue(policy.tokenMatches(token));
        assertFalse(policy.tokenMatches(token.toUpperCase()));
        assertTrue(policy.hosts().hostAllowed("halyrd.lan:8000", "http", "10.0.0.2", 8000));
        assertTrue(policy.hosts().hostAllowed("other.lan:9000", "http", "10.0.0.2", 8000));
    }
}
