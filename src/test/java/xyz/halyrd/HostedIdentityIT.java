package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hosted mode ({@code halyrd.auth.mode=jwt}) on the built uber-jar: every request needs a bearer JWT that Payara's
 * MicroProfile JWT verifies against the configured issuer and public key; the group {@code viewer} reads and may
 * pull the kill switch, {@code trader} does everything; the journal names the subject who acted. The tokens are
 * signed here (RS256), as an identity provider would sign them.
 */
class HostedIdentityIT {

    private static final String ISSUER = "https://idp.halyrd.test";

    @Test
    void everyRequestNeedsAJwtViewersReadTradersActAndTheJournalNamesTheSubject() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "hosted-identity"));
        KeyPair idp = rsa();
        KeyPair stranger = rsa();
        Path key = dir.resolve("idp-public.pem");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(
                StandardCharsets.US_ASCII)).encodeToString(idp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        long now = Instant.now().getEpochSecond();
        String viewer = jwt(idp.getPrivate(), ISSUER, "ann", List.of("viewer"), now + 3600);
        String trader = jwt(idp.getPrivate(), ISSUER, "bob", List.of("trader"), now + 3600);
        Map<String, String> refused = Map.of(
                "expired", jwt(idp.getPrivate(), ISSUER, "bob", List.of("trader"), now - 600),
                "another issuer", jwt(idp.getPrivate(), "https://elsewhere.test", "bob", List.of("trader"), now + 3600),
                "another key", jwt(stranger.getPrivate(), ISSUER, "bob", List.of("trader"), now + 3600),
                "not a JWT", "an-api-token-perhaps");

        try (UberJar server = UberJar.start(dir, dir.resolve("data"), UberJar.freePort(), "hosted",
                "-Dhalyrd.auth.mode=jwt", "-Dmp.jwt.verify.issuer=" + ISSUER,
                "-Dmp.jwt.verify.publickey.location=" + key.toUri(), "-Dhalyrd.cycle.enabled=false")) {
            Http http = server.http();
            http.get("/agents").assertError(401, "UNAUTHORIZED");
            assertEquals("Bearer realm=\"halyrd\"", http.get("/agents").header("WWW-Authenticate"));
            for (Map.Entry<String, String> bad : refused.entrySet()) {
                Http.Answer answer = http.request("GET", "/agents", bearer(bad.getValue()), null);
                assertEquals(401, answer.status(), bad.getKey() + ": " + answer.body());
                assertEquals("UNAUTHORIZED", answer.object().getString("error"), bad.getKey());
            }
            String noGroup = jwt(idp.getPrivate(), ISSUER, "eve", List.of("auditor"), now + 3600);
            http.request("GET", "/agents", bearer(noGroup), null).assertError(403, "FORBIDDEN");

            // a viewer reads, and may not act
            assertEquals(200, http.request("GET", "/agents/current", bearer(viewer), null).status());
            int versions = http.request("GET", "/agents/current/config/versions", bearer(viewer), null).array().size();
            String patch = "{\"evaluation_config\": {\"max_drawdown_pct\": 25}}";
            Http.Answer refusedPatch = http.request("PATCH", "/agents/current/config", json(viewer), bytes(patch));
            refusedPatch.assertError(403, "FORBIDDEN");
            assertTrue(refusedPatch.object().getString("message").startsWith("jwt:ann may not PATCH"),
                    refusedPatch.body());
            assertEquals(versions, http.request("GET", "/agents/current/config/versions", bearer(viewer), null)
                    .array().size(), "the refused change changed nothing");

            // a trader acts, and the journal names the subject
            Http.Answer patched = http.request("PATCH", "/agents/current/config", json(trader), bytes(patch));
            assertEquals(200, patched.status(), patched.body());
            JsonObject change = http.request("GET", "/agents/current/journal?type=CONFIG_CHANGE&limit=1",
                    bearer(viewer), null).array().getJsonObject(0);
            assertEquals("jwt:bob", change.getString("actor"), change.toString());

            // the dashboard logs in once with a JWT; its session has the token's groups
            Http.Answer login = http.request("POST", "/auth/session", json(viewer),
                    bytes("{\"token\": \"" + viewer + "\"}"));
            assertEquals(200, login.status(), login.body());
            assertEquals("jwt:ann", login.object().getString("actor"));
            List<String> cookies = login.response().headers().allValues("Set-Cookie");
            String cookie = cookies.stream().map(c -> c.split(";")[0]).filter(c -> c.startsWith("halyrd_session="))
                    .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
            assertEquals(200, http.request("GET", "/agents/current", Map.of("Cookie", cookie), null).status());
            http.request("PATCH", "/agents/current/config", Map.of("Cookie", cookie, "Content-Type",
                    "application/json"), bytes(patch)).assertError(403, "FORBIDDEN");

            // the kill switch is the viewer's too
            Http.Answer killed = http.request("POST", "/agents/current/kill-switch", json(viewer),
                    bytes("{\"reason\": \"seen from the viewer's seat\"}"));
            assertEquals(200, killed.status(), killed.body());
            JsonObject newest = http.request("GET", "/agents/current/journal?limit=1", bearer(trader), null).array()
                    .getJsonObject(0);
            assertEquals("jwt:ann", newest.getString("actor"), newest.toString());
        }
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> json(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** An RS256 JWT as an identity provider issues it: subject, groups, issued now, expiring at {@code expires}. */
    private static String jwt(PrivateKey key, String issuer, String subject, List<String> groups, long expires)
            throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString(bytes("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"));
        long issued = Math.min(expires - 60, Instant.now().getEpochSecond());
        String claims = url.encodeToString(bytes(Json.createObjectBuilder().add("iss", issuer).add("sub", subject)
                .add("upn", subject).add("groups", Json.createArrayBuilder(groups)).add("iat", issued)
                .add("exp", expires).add("jti", subject + "-" + System.nanoTime()).build().toString()));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(bytes(header + "." + claims));
        return header + "." + claims + "." + url.encodeToString(rs256.sign());
    }
}
