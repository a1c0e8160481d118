package xyz.halyrd;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The uber-jar as a user starts it, on market keys that mix two markets: it refuses to start and says why. */
class MarketModeIT {

    @Test
    void pricesFromTwoMarketsStopHalyrdWithTheKeysNamed() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("halyrd.it.dir"), "market-mode-refused"));
        Process process = UberJar.launch(dir, dir.resolve("data"), UberJar.freePort(), "refused",
                "-Dhalyrd.market.reference=coinmarketcap", "-Dhalyrd.cycle.enabled=false");
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> !process.isAlive());
        } finally {
            process.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("refused.log"));
        assertEquals(2, process.exitValue(), log);
        assertTrue(log.contains("Halyrd refuses to start: halyrd.market.candles is simulated (the simulated market) but"
                + " halyrd.market.reference is coinmarketcap (a live market): the agent would decide on one market and"
                + " check its quotes against another. Set the prices from one market, or set only halyrd.market.mode"
                + " (demo, chain or bsc)."), log);
    }
}
