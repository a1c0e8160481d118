package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.chain.control.IdentityContract;

/**
 * The ERC-8004 identity on a real local chain: pending before, registered once on the project's registry with the
 * agent's profile URI, the same token on every later request with nothing sent — even when the database has lost
 * the booking (a crash between receipt and commit), because the registry's own record is asked first — and nothing
 * signed while the kill switch holds.
 */
class IdentityIT extends DeployedLiveHalyrd {

    private static final List<String> FIELDS = List.of("erc8004_token_id", "profile_uri", "bscscan_url", "status",
            "tx_hash", "note");

    private Http.Answer register() {
        return http.send("POST", "/agents/current/identity", null, null);
    }

    private long identityEntries() {
        return http.get("/agents/current/journal?limit=500&type=IDENTITY").array().size();
    }

    @Test
    void beforeRegistrationTheIdentityIsPendingAndSaysWhy() {
        http.send("DELETE", "/test-probe/identity", null, null); // another test may have booked one on this chain
        Http.Answer answer = http.get("/agents/current/identity");
        assertEquals(200, answer.status());
        JsonObject identity = answer.object();
        assertEquals(FIELDS, new ArrayList<>(identity.keySet()));
        assertEquals("pending", identity.getString("status"));
        assertEquals(JsonValue.NULL, identity.get("erc8004_token_id"));
        assertEquals(JsonValue.NULL, identity.get("bscscan_url"));
        assertEquals("http://127.0.0.1:8000/agents/seed", identity.getString("profile_uri"));
        assertTrue(identity.getString("note").startsWith("Registration pending: not registered yet"),
                identity.getString("note"));
        http.get("/agents/nobody/identity").assertError(404, "AGENT_NOT_FOUND");
        http.postJson("/agents/current/identity", "{\"again\": true}").assertError(400, "VALIDATION_FAILED");
    }

    /**
     * A wallet registers once in its life, so its one registration is one story, told in order: the mint, asking
     * again, then a booking lost in a crash and found on the registry. The only test here that may mint.
     */
    @Test
    void registeringMintsOneTokenOnceAndALostBookingIsFoundOnTheRegistryNotMintedAgain() {
        BigInteger nonce = nonce();
        Http.Answer answer = register();
        assertEquals(200, answer.status(), answer.body());
        JsonObject identity = answer.object();
        assertEquals("registered", identity.getString("status"));
        String tokenId = identity.getString("erc8004_token_id");
        String registry = local.identityRegistry();
        assertEquals(wallet.toLowerCase(), new IdentityContract(node).ownerOf(registry, new BigInteger(tokenId)).toLowerCase());
        assertEquals(identity.getString("profile_uri"), new IdentityContract(node).agentURI(registry, new BigInteger(tokenId)));
        assertEquals("eip155:1337/erc721:" + registry + "/" + tokenId, identity.getString("bscscan_url"));
        assertTrue(identity.getString("tx_hash").matches("0x[0-9a-f]{64}"), identity.getString("tx_hash"));
        assertEquals(nonce.add(BigInteger.ONE), nonce(), "exactly one transaction");
        assertEquals(identity, http.get("/agents/current/identity").object());

        // asked again: the same token, nothing sent, nothing journaled
        nonce = nonce();
        long entries = identityEntries();
        for (int i = 0; i < 3; i++) {
            assertEquals(tokenId, register().object().getString("erc8004_token_id"));
        }
        assertEquals(nonce, nonce());
        assertEquals(entries, identityEntries());

        // the booking lost (a crash between receipt and commit): the registry's own record answers
        http.send("DELETE", "/test-probe/identity", null, null);
        assertEquals("pending", http.get("/agents/current/identity").object().getString("status"));
        identity = register().object();
        assertEquals("registered", identity.getString("status"));
        assertEquals(tokenId, identity.getString("erc8004_token_id"));
        assertEquals(nonce, nonce(), "nothing sent: the chain already knew the wallet's identity");
        JsonObject entry = http.get("/agents/current/journal?limit=1&type=IDENTITY").array().getJsonObject(0);
        assertTrue(entry.getString("body").contains("found on the registry's own record"), entry.getString("body"));
    }

    @Test
    void nothingIsSignedWhileTheKillSwitchHolds() {
        http.send("DELETE", "/test-probe/identity", null, null);
        assertEquals(200, http.postJson("/agents/current/kill-switch", "{\"reason\": \"identity test\"}").status());
        try {
            BigInteger nonce = nonce();
            register().assertError(409, "SIGNER_REVOKED");
            assertEquals(nonce, nonce());
            assertEquals("pending", http.get("/agents/current/identity").object().getString("status"));
        } finally {
            assertEquals(200, http.postJson("/agents/current/signer/session",
                    "{\"confirm\": \"provision signing\"}").status());
        }
    }
}
