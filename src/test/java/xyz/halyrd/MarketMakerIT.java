package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.control.SwapPair;

/**
 * {@code server-config/local-chain/market-maker.mjs} on a freshly deployed local chain: a short run moves every
 * TOKEN/USDT pool (the WBNB one too), the same seed walks the same prices on another fresh chain, SIGTERM stops it
 * after the round under way with status 0, and on a chain begun in the past it first lays down a round a minute there,
 * then goes on in real time. Plain JUnit (no Payara); each test starts chains of its own.
 */
class MarketMakerIT {

    static final List<String> POOLS = List.of("AVAX", "CAKE", "ETH", "LINK", "WBNB");

    @Test
    void aShortRunMovesEveryPoolAndTheSameSeedWalksTheSamePrices() throws Exception {
        Map<String, List<BigInteger>> first;
        Map<String, List<BigInteger>> again;
        try (LocalChain chain = LocalChain.start(null, null)) {
            Map<String, List<BigInteger>> deployed = reserves(chain);
            run(chain, "3 rounds, seed 42", "--rounds", "3", "--interval-ms", "10", "--seed", "42");
            first = reserves(chain);
            for (String pool : POOLS) {
                assertNotEquals(deployed.get(pool).get(0), first.get(pool).get(0), pool + ": its token reserve moved");
                assertNotEquals(deployed.get(pool).get(1), first.get(pool).get(1), pool + ": its USDT reserve moved");
            }
        }
        try (LocalChain chain = LocalChain.start(null, null)) {
            run(chain, "the same again", "--rounds", "3", "--interval-ms", "10", "--seed", "42");
            again = reserves(chain);
        }
        assertEquals(first, again, "the same seed on the same deployment: the same swaps, to the unit");
    }

    @Test
    void sigtermStopsItAfterTheRoundUnderWay() throws Exception {
        try (LocalChain chain = LocalChain.start(null, null)) {
            Path log = Files.createTempFile(LocalChain.workDir(), "market-maker-", ".log");
            // an hour between rounds: only the signal can end the wait after the first
            Process maker = chain.marketMaker(log, "--interval-ms", "3600000", "--seed", "5");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("round 1:")
                        || !maker.isAlive());
                assertTrue(maker.isAlive(), () -> "it ran on: " + read(log));
                maker.destroy(); // SIGTERM
                assertTrue(maker.waitFor(10, TimeUnit.SECONDS), "it stops at once when waiting for the next round");
                assertEquals(0, maker.exitValue(), () -> read(log));
                assertTrue(read(log).contains("SIGTERM") && read(log).contains("stopped after 1 rounds"), () -> read(log));
            } finally {
                maker.destroyForcibly();
            }
        }
    }

    @Test
    void onAChainBegunInThePastTheHistoryIsARoundAMinuteAndThenTheChainKeepsTheClock() throws Exception {
        long genesis = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        try (LocalChain chain = LocalChain.start(null, null, List.of(),
                List.of("--timestamp", String.valueOf(genesis)))) {
            run(chain, "5 minutes of history, then a round", "--history-minutes", "5", "--rounds", "1",
                    "--interval-ms", "10", "--seed", "3");
            Instant ranBy = Instant.now();
            try (Node node = new Node(chain.rpcUrl(), LocalChain.CHAIN_ID, Duration.ofSeconds(10))) {
                Node.Block latest = node.latestBlock();
                List<Instant> swaps = new SwapPair(node).swaps(chain.deployment().getJsonObject("pairs")
                        .getString("ETH"), 0, latest.number()).stream().map(s -> node.block(s.block()).time()).toList();
                assertEquals(6, swaps.size(), () -> "five minutes of history and a round: " + swaps);
                for (int i = 1; i < 5; i++) {
                    assertEquals(Duration.ofMinutes(1), Duration.between(swaps.get(i - 1), swaps.get(i)), swaps::toString);
                }
                assertTrue(swaps.get(4).isBefore(ranBy.minusSeconds(55)), () -> "the history is in the past: " + swaps);
                // the round after it, and the blocks after that, are stamped on the clock again
                assertTrue(Duration.between(swaps.get(5), ranBy).abs().getSeconds() <= 5, () -> swaps + " at " + ranBy);
                assertTrue(Duration.between(latest.time(), ranBy).abs().getSeconds() <= 5, () -> latest + " at " + ranBy);
            }
        }
    }

    /** Runs the market maker on {@code chain} with {@code options} to its end, which must be a success. */
    static void run(LocalChain chain, String what, String... options) throws Exception {
        Path log = Files.createTempFile(LocalChain.workDir(), "market-maker-", ".log");
        Process maker = chain.marketMaker(log, options);
        if (!maker.waitFor(60, TimeUnit.SECONDS)) {
            maker.destroyForcibly();
            throw new AssertionError(what + ": still running after 60 s: " + read(log));
        }
        assertEquals(0, maker.exitValue(), () -> what + ": " + read(log));
    }

    /** Each pool's reserves, [token, USDT], as its balances say (a pool's reserves are its balances after a swap). */
    static Map<String, List<BigInteger>> reserves(LocalChain chain) {
        try (Node node = new Node(chain.rpcUrl(), LocalChain.CHAIN_ID, Duration.ofSeconds(10))) {
            Erc20 erc20 = new Erc20(node);
            Map<String, List<BigInteger>> reserves = new TreeMap<>();
            for (String pool : POOLS) {
                String pair = chain.deployment().getJsonObject("pairs").getString(pool);
                String token = pool.equals("WBNB") ? chain.wrappedNative() : chain.token(pool);
                reserves.put(pool, List.of(erc20.balanceOf(token, pair), erc20.balanceOf(chain.token("USDT"), pair)));
            }
            return reserves;
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
