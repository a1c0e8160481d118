package xyz.halyrd.signer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.halyrd.market.entity.Token;

class LiveSettingsTest {

    static final String ROUTER = "0x" + "1".repeat(40);
    static final String USDT = "0x" + "2".repeat(40);
    static final String ETH = "0x" + "3".repeat(40);

    @TempDir
    Path dir;

    Map<String, String> complete() throws Exception {
        Path keystore = Files.writeString(dir.resolve("wallet.json"), "{}");
        Map<String, String> keys = new HashMap<>(Map.of(LiveSettings.RPC_URL, "http://127.0.0.1:8545",
                LiveSettings.CHAIN_ID, "1337", LiveSettings.ROUTER, ROUTER, LiveSettings.USDT, USDT,
                LiveSettings.TOKENS, "ETH=" + ETH + ", cake=0x" + "4".repeat(40), LiveSettings.KEYSTORE,
                keystore.toString()));
        return keys;
    }

    static LiveSettings read(Map<String, String> keys) {
        return LiveSettings.read(key -> Optional.ofNullable(keys.get(key)));
    }

    @Test
    void aCompleteConfigurationReadsWithItsDefaults() throws Exception {
        LiveSettings settings = read(complete());
        assertEquals(1337, settings.chainId());
        assertEquals(Map.of(Token.ETH, ETH, Token.CAKE, "0x" + "4".repeat(40)), settings.tokens());
        assertEquals(Duration.ofSeconds(30), settings.receiptTimeout());
        assertEquals(Duration.ofMinutes(2), settings.deadlineWindow());
        assertEquals(new BigDecimal("600"), settings.nativePriceUsdt());
        assertNull(settings.explorerUrl());
        assertEquals(Optional.empty(), settings.address(Token.LINK));
    }

    @Test
    void withoutAnRpcUrlLiveIsOffAndSaysSo() {
        var e = assertThrows(LiveSettings.Unavailable.class, () -> read(Map.of()));
        assertTrue(e.getMessage().contains("not configured"), e.getMessage());
    }

    @Test
    void eachMissingOrMalformedKeyIsNamed() throws Exception {
        for (String key : new String[] {LiveSettings.CHAIN_ID, LiveSettings.ROUTER, LiveSettings.USDT,
                LiveSettings.TOKENS, LiveSettings.KEYSTORE}) {
            Map<String, String> keys = complete();
            keys.remove(key);
            var e = assertThrows(LiveSettings.Unavailable.class, () -> read(keys), key);
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        Map<String, String> keys = complete();
        keys.put(LiveSettings.CHAIN_ID, "bsc");
        assertThrows(LiveSettings.Unavailable.class, () -> read(keys));
        keys.put(LiveSettings.CHAIN_ID, "56");
        keys.put(LiveSettings.TOKENS, "ETH=0x12");
        assertTrue(assertThrows(LiveSettings.Unavailable.class, () -> read(keys)).getMessage().contains("ETH=0x12"));
        keys.put(LiveSettings.TOKENS, "NOPE=" + ETH);
        assertThrows(LiveSettings.Unavailable.class, () -> read(keys));
        keys.put(LiveSettings.TOKENS, "ETH=" + ETH);
        keys.put(LiveSettings.KEYSTORE, dir.resolve("missing.json").toString());
        assertThrows(LiveSettings.Unavailable.class, () -> read(keys));
        keys.put(LiveSettings.KEYSTORE, complete().get(LiveSettings.KEYSTORE));
        keys.put(LiveSettings.RECEIPT_TIMEOUT, "PT0S");
        assertThrows(LiveSettings.Unavailable.class, () -> read(keys));
        keys.put(LiveSettings.RECEIPT_TIMEOUT, "30s");
        assertThrows(LiveSettings.Unavailable.class, () -> read(keys));
        keys.remove(LiveSettings.RECEIPT_TIMEOUT);
        keys.put(LiveSettings.NATIVE_PRICE, "-1");
        assertThrows(LiveSettings.Unavailable.class, () -> read(keys));
        keys.put(LiveSettings.NATIVE_PRICE, "650.5");
        assertEquals(new BigDecimal("650.5"), read(keys).nativePriceUsdt());
    }
}
