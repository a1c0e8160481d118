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
        policy.mode = "token";
        policy.jwtIssuer = Optional.empty();
        policy.jwtPublicKey = Optional.empty();
        policy.jwtPublicKeyLocation = Optional.empty();
        policy.load();
        return policy;
    }

    @Test
    void hostedModeNeedsTheModeFromTheProcessAnIssuerAndAKeyAndNoApiToken() {
        AccessPolicy hosted = policy("0.0.0.0", false, null, null);
        hosted.mode = "jwt";
        hosted.load(); // this JVM runs without -Dhalyrd.auth.mode=jwt
        assertTrue(hosted.refusal().orElseThrow().contains("give the mode as -Dhalyrd.auth.mode=jwt"),
                hosted.refusal().orElseThrow());
        assertFalse(hosted.jwtRequired());

        String before = System.getProperty(HostedMode.MODE);
        System.setProperty(HostedMode.MODE, "jwt");
        try {
            hosted.load();
            assertTrue(hosted.refusal().orElseThrow().contains("set mp.jwt.verify.issuer"));
            hosted.jwtIssuer = Optional.of("https://idp.example");
            hosted.load();
            assertTrue(hosted.refusal().orElseThrow().contains("mp.jwt.verify.publickey.location"));
            hosted.jwtPublicKeyLocation = Optional.of("file:///etc/halyrd/idp.pem");
            hosted.tokenFile = Optional.of("/tmp/api-token");
            hosted.load();
            assertTrue(hosted.refusal().orElseThrow().contains("unset halyrd.auth.token-file"));
            hosted.tokenFile = Optional.empty();
            hosted.load();
            assertEquals(Optional.empty(), hosted.refusal(), "beyond loopback without an API token: JWTs instead");
            assertTrue(hosted.jwtRequired());
            assertTrue(hosted.tokenRequired("127.0.0.1"));
            assertTrue(HostedMode.on());
        } finally {
            if (before == null) {
                System.clearProperty(HostedMode.MODE);
            } else {
                System.setProperty(HostedMode.MODE, before);
            }
        }
        assertFalse(HostedMode.on());
        hosted.mode = "kerberos";
        hosted.load();
        assertEquals("halyrd.auth.mode must be token or jwt (got kerberos)", hosted.refusal().orElseThrow());
    }

    @Test
    void aViewerReadsAndPullsTheKillSwitchATraderDoesEverythingOthersNothing() {
        java.util.Set<String> viewer = java.util.Set.of("viewer");
        java.util.Set<String> trader = java.util.Set.of("trader");
        assertTrue(AccessPolicy.permits(viewer, "GET", "/agents/current/journal"));
        assertTrue(AccessPolicy.permits(viewer, "HEAD", "/agents"));
        assertTrue(AccessPolicy.permits(viewer, "POST", "/agents/current/kill-switch"));
        assertFalse(AccessPolicy.permits(viewer, "POST", "/agents/current/promote"));
        assertFalse(AccessPolicy.permits(viewer, "PATCH", "/agents/current/config"));
        assertFalse(AccessPolicy.permits(viewer, "POST", "/agents/current/kill-switch/../promote"));
        assertFalse(AccessPolicy.permits(viewer, "POST", "/agents/current/kill-switch-and-more"));
        assertTrue(AccessPolicy.permits(trader, "POST", "/agents/current/promote"));
        assertTrue(AccessPolicy.permits(trader, "DELETE", "/backtests/bt_1"));
        assertFalse(AccessPolicy.permits(java.util.Set.of("auditor"), "GET", "/agents"));
        assertFalse(AccessPolicy.permits(java.util.Set.of(), "GET", "/agents"));
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
