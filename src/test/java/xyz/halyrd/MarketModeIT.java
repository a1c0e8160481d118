package xyz.halyrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The uber-jar as a user starts it, on market keys that mix two markets: it refuses to start and says why. */
class MarketModeIT {

    @Test
    void pricesFromTwoMarketsStopHalyrdWithTheKeysNamed() throws Exception {
        UberJar.Refusal refused = UberJar.refusedStart("market-mode-refused", "-Dhalyrd.market.reference=coinmarketcap",
                "-Dhalyrd.cycle.enabled=false");
        String log = refused.log();
        assertEquals(2, refused.exitStatus(), log);
        assertTrue(log.contains("Halyrd refuses to start: halyrd.market.candles is simulated (the simulated market) but"
                + " halyrd.market.reference is coinmarketcap (a live market): the agent would decide on one market and"
                + " check its quotes against another. Set the prices from one market, or set only halyrd.market.mode"
                + " (demo, chain or bsc)."), log);
    }
}
