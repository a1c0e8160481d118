package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A {@code kill -9} of the uber-jar trading live, at the worst moment: a swap signed and sent, the process waiting
 * for its receipt (the node holds it unmined: automine off). The swap is mined while Halyrd is down. After the
 * restart on the same data directory the swap is booked, once, the live positions equal the wallet, and the decision
 * the swap carried out is not sent again (issue 17's kill trials found both: the swap lost from the books and, since
 * the paper side of the decision had not committed either, the same swap sent a second time).
 */
class LiveKillIT {

    private static final String PASSWORD = "kill-trials-" + System.nanoTime();
    private static final String SWAP = "0x38ed1739"; // swapExactTokensForTokens
    /** In and out of a token on every other pass, so that live swaps go out every second or two. */
    private static final String IN_AND_OUT = "{\"strategy_spec\": {\"market_mode\": \"spot\", \"name\": \"in-and-out\","
            + " \"signals\": {\"entry\": {\"all_of\": [{\"indicator\": \"rsi\", \"op\": \"<=\", \"value\": 100,"
            + " \"window\": 14}]}, \"exit\": {\"any_of\": [{\"indicator\": \"rsi\", \"op\": \">=\", \"value\": 0,"
            + " \"window\": 14}]}}, \"params\": {\"position_size_pct\": 2, \"max_concurrent\": 1,"
            + " \"expected_move_pct\": 10}}, \"force\": true}";
    private static final String PATIENT = "{\"evaluation_config\": {\"max_drawdown_pct\": 90, \"daily_drawdown_pct\": 50,"
            + " \"max_consecutive_losses\": 100}}";

    @Test
    void aSwapSentJustBeforeAKillIsBookedOnceAfterTheRestartAndNotSentAgain() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "live-kill"));
        Path dataDir = dir.resolve("data");
        Path keystore = LocalChain.newKeystore(dir, PASSWORD);
        String wallet = "0x" + Json.read(Files.readString(keystore)).getString("address").toLowerCase()
                .replaceFirst("^0x", "");
        try (LocalChain chain = LocalChain.start(wallet, "10000")) {
            int port = UberJar.freePort();
            String[] live = {"-Dhalyrd.chain.rpc-url=" + chain.rpcUrl(), "-Dhalyrd.chain.id=" + LocalChain.CHAIN_ID,
                "-Dhalyrd.chain.router=" + chain.router(), "-Dhalyrd.chain.usdt=" + chain.token("USDT"),
                "-Dhalyrd.chain.tokens=" + chain.tokensKey(),
                "-Dhalyrd.chain.identity-registry=" + chain.identityRegistry(),
                "-Dhalyrd.chain.receipt-timeout=PT3M", "-Dhalyrd.wallet.keystore=" + keystore,
                "-Xmx512m"}; // the keystore's scrypt needs more than UberJar's 256 MB
            Map<String, String> secret = Map.of("HALYRD_WALLET_PASSWORD", PASSWORD);

            JsonObject inFlight;
            try (UberJar server = UberJar.start(dir, dataDir, port, "live", secret, live)) {
                Http http = server.http();
                assertEquals(200, http.send("PATCH", "/agents/current/config", "application/json", PATIENT).status());
                assertEquals(200, http.send("PATCH", "/agents/current/config", "application/json", IN_AND_OUT)
                        .status());
                Http.Answer promoted = http.postJson("/agents/current/promote", "{\"force\": true}");
                assertEquals(200, promoted.status(), promoted.body());
                chain.rpc("evm_setAutomine", "[false]");
                inFlight = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> pendingSwap(chain, wallet), Optional::isPresent).orElseThrow();
                server.kill(); // the swap sent, its receipt awaited: nothing of it booked yet
            }
            chain.rpc("evm_mine", "[]");
            chain.rpc("evm_setAutomine", "[true]");
            String hash = inFlight.getString("hash");
            JsonObject receipt = chain.rpc("eth_getTransactionReceipt", "[\"" + hash + "\"]").getJsonObject("result");
            assertEquals("0x1", receipt.getString("status"), "the swap was mined while Halyrd was down");
            int sentBefore = nonce(chain, wallet);

            try (UberJar server = UberJar.start(dir, dataDir, port, "after-kill", secret, live)) {
                Http http = server.http();
                await().atMost(Duration.ofMinutes(1)).until(() -> executedNaming(http, hash) == 1);
                // the next swap the wallet sends carries out another decision, not the same one again
                await().atMost(Duration.ofMinutes(2)).until(() -> nonce(chain, wallet) > sentBefore);
                JsonObject next = transactionWithNonce(chain, wallet, sentBefore);
                if (next.getString("input").startsWith(SWAP)) {
                    assertNotEquals(direction(chain, inFlight), direction(chain, next),
                            "the swap after the restart repeats the one in flight at the kill: " + next);
                }
                assertEquals(1, executedNaming(http, hash), "booked once");
                // the agent keeps trading: a swap just mined is booked a moment later, so the books are compared with
                // the wallet once no more orders go out and the last one sent is booked
                Http.Answer demoted = http.postJson("/agents/current/demote", "{}");
                assertEquals(200, demoted.status(), demoted.body());
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertEquals(List.of(),
                        unbookedHoldings(chain, wallet, http), "the live positions equal the wallet"));
            }
        }
    }

    /** The wallet's swap the node holds unmined, if any (other transactions, an approval, are mined and passed). */
    private static Optional<JsonObject> pendingSwap(LocalChain chain, String wallet) throws Exception {
        JsonObject block = chain.rpc("eth_getBlockByNumber", "[\"pending\", true]").getJsonObject("result");
        for (JsonValue value : block.getJsonArray("transactions")) {
            JsonObject tx = value.asJsonObject();
            if (tx.getString("from").equalsIgnoreCase(wallet)) {
                if (tx.getString("input").startsWith(SWAP)) {
                    return Optional.of(tx);
                }
                chain.rpc("evm_mine", "[]"); // not a swap: let it through and wait for the swap
            }
        }
        return Optional.empty();
    }

    private static int nonce(LocalChain chain, String wallet) throws Exception {
        return Integer.decode(chain.rpc("eth_getTransactionCount", "[\"" + wallet + "\", \"latest\"]")
                .getString("result"));
    }

    /** The wallet's mined transaction of {@code nonce}. */
    private static JsonObject transactionWithNonce(LocalChain chain, String wallet, int nonce) throws Exception {
        int latest = Integer.decode(chain.rpc("eth_blockNumber", "[]").getString("result"));
        for (int n = latest; n >= 0; n--) {
            JsonObject block = chain.rpc("eth_getBlockByNumber", "[\"0x" + Integer.toHexString(n) + "\", true]")
                    .getJsonObject("result");
            for (JsonValue value : block.getJsonArray("transactions")) {
                JsonObject tx = value.asJsonObject();
                if (tx.getString("from").equalsIgnoreCase(wallet) && Integer.decode(tx.getString("nonce")) == nonce) {
                    return tx;
                }
            }
        }
        throw new AssertionError("no transaction of nonce " + nonce);
    }

    /** A swap's direction, as "buy ETH" or "sell ETH": USDT in is a buy. */
    private static String direction(LocalChain chain, JsonObject swap) {
        String args = swap.getString("input").substring(10);
        int at = new BigInteger(args.substring(128, 192), 16).intValueExact() * 2;
        int length = new BigInteger(args.substring(at, at + 64), 16).intValueExact();
        String in = "0x" + args.substring(at + 64 + 24, at + 128);
        String out = "0x" + args.substring(at + 64 * length + 24, at + 64 * (length + 1));
        boolean buy = in.equalsIgnoreCase(chain.token("USDT"));
        return (buy ? "buy " : "sell ") + symbol(chain, buy ? out : in);
    }

    private static String symbol(LocalChain chain, String address) {
        return chain.tokens().entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(address))
                .map(Map.Entry::getKey).findFirst().orElse(address);
    }

    /** How many live EXECUTED entries name the transaction {@code hash}. */
    private static long executedNaming(Http http, String hash) {
        return http.get("/agents/current/journal?type=EXECUTED&tag=LIVE&limit=500").array().stream()
                .filter(e -> e.asJsonObject().getString("body").toLowerCase().contains(hash.toLowerCase())).count();
    }

    /** Each token whose wallet balance differs from the live position's quantity, with both. */
    private static List<String> unbookedHoldings(LocalChain chain, String wallet, Http http) throws Exception {
        Map<String, BigDecimal> books = new java.util.HashMap<>();
        for (JsonValue p : http.get("/agents/current/live").object().getJsonArray("positions")) {
            books.put(p.asJsonObject().getString("token"), p.asJsonObject().getJsonNumber("quantity")
                    .bigDecimalValue());
        }
        List<String> differ = new java.util.ArrayList<>();
        for (Map.Entry<String, String> token : chain.tokens().entrySet()) {
            if (token.getKey().equals("USDT")) {
                continue;
            }
            String data = "0x70a08231" + "0".repeat(24) + wallet.substring(2);
            BigDecimal held = new BigDecimal(new BigInteger(chain.rpc("eth_call", "[{\"to\": \"" + token.getValue()
                    + "\", \"data\": \"" + data + "\"}, \"latest\"]").getString("result").substring(2), 16), 18);
            BigDecimal booked = books.getOrDefault(token.getKey(), BigDecimal.ZERO);
            if (held.compareTo(booked) != 0) {
                differ.add(token.getKey() + ": wallet " + held.toPlainString() + ", books " + booked.toPlainString());
            }
        }
        return differ;
    }

    private static final class Json {
        static JsonObject read(String text) {
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(text))) {
                return reader.readObject();
            }
        }
    }
}
