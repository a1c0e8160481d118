package xyz.halyrd.chain.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chain's settings: defaults, and every missing or malformed key named. */
class ChainSettingsTest {

    static final String ROUTER = "0x" + "1".repeat(40);
    static final String USDT = "0x" + "2".repeat(40);
    static final String ETH = "0x" + "3".repeat(40);

    static final Set<String> SYMBOLS = Set.of("ETH", "CAKE", "LINK");

    Map<String, String> complete() {
        return new HashMap<>(Map.of(ChainSettings.RPC_URL, "http://127.0.0.1:8545",
                ChainSettings.CHAIN_ID, "1337", ChainSettings.ROUTER, ROUTER, ChainSettings.USDT, USDT,
                ChainSettings.TOKENS, "ETH=" + ETH + ", cake=0x" + "4".repeat(40)));
    }

    static ChainSettings read(Map<String, String> keys) {
        return ChainSettings.read(key -> Optional.ofNullable(keys.get(key)), SYMBOLS);
    }

    @Test
    void aCompleteConfigurationReadsWithItsDefaults() {
        ChainSettings settings = read(complete());
        assertEquals(1337, settings.chainId());
        assertEquals(Map.of("ETH", ETH, "CAKE", "0x" + "4".repeat(40)), settings.tokens());
        assertEquals(Duration.ofSeconds(30), settings.receiptTimeout());
        assertEquals(Duration.ofMinutes(2), settings.deadlineWindow());
        assertEquals(new BigDecimal("600"), settings.nativePriceUsdt());
        assertNull(settings.explorerUrl());
        assertEquals(Optional.empty(), settings.address("LINK"));
        assertEquals(Optional.of(ETH), settings.address("eth"));
    }

    @Test
    void withoutAnRpcUrlLiveIsOffAndSaysSo() {
        var e = assertThrows(ChainSettings.Unavailable.class, () -> read(Map.of()));
        assertTrue(e.getMessage().contains("not configured"), e.getMessage());
    }

    @Test
    void eachMissingOrMalformedKeyIsNamed() {
        for (String key : new String[] {ChainSettings.CHAIN_ID, ChainSettings.ROUTER, ChainSettings.USDT,
                ChainSettings.TOKENS}) {
            Map<String, String> keys = complete();
            keys.remove(key);
            var e = assertThrows(ChainSettings.Unavailable.class, () -> read(keys), key);
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        Map<String, String> keys = complete();
        keys.put(ChainSettings.CHAIN_ID, "bsc");
        assertThrows(ChainSettings.Unavailable.class, () -> read(keys));
        keys.put(ChainSettings.CHAIN_ID, "56");
        keys.put(ChainSettings.TOKENS, "ETH=0x12");
        assertTrue(assertThrows(ChainSettings.Unavailable.class, () -> read(keys)).getMessage().contains("ETH=0x12"));
        keys.put(ChainSettings.TOKENS, "NOPE=" + ETH);
        assertThrows(ChainSettings.Unavailable.class, () -> read(keys));
        keys.put(ChainSettings.TOKENS, "ETH=" + ETH);
        keys.put(ChainSettings.RECEIPT_TIMEOUT, "PT0S");
        assertThrows(ChainSettings.Unavailable.class, () -> read(keys));
        keys.put(ChainSettings.RECEIPT_TIMEOUT, "30s");
        assertThrows(ChainSettings.Unavailable.class, () -> read(keys));
        keys.remove(ChainSettings.RECEIPT_TIMEOUT);
        keys.put(ChainSettings.NATIVE_PRICE, "-1");
        assertThrows(ChainSettings.Unavailable.class, () -> read(keys));
        keys.put(ChainSettings.NATIVE_PRICE, "650.5");
        assertEquals(new BigDecimal("650.5"), read(keys).nativePriceUsdt());
    }
}
