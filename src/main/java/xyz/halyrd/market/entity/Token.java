package xyz.halyrd.market.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The supported universe: the tokens Halyrd's market adapters know, each traded against USDT on BNB Smart Chain,
 * with its BEP-20 contract address there. A watchlist may only hold these.
 */
public enum Token {
    BNB("BNB (wrapped)", "0xbb4CdB9CBd36B01bD1cBaEBF2De08d9173bc095c"),
    BTCB("Bitcoin (BTCB)", "0x7130d2A12B9BCbFAe4f2634d864A1Ee1Ce3Ead9c"),
    ETH("Ethereum (Binance-Peg)", "0x2170Ed0880ac9A755fd29B2688956BD959F933F8"),
    CAKE("PancakeSwap", "0x0E09FaBB73Bd3Ade0a17ECC321fD13a19e81cE82"),
    LINK("Chainlink (Binance-Peg)", "0xF8A0BF9cF54Bb92F17374d9e9A321E6a111a51bD"),
    AVAX("Avalanche (Binance-Peg)", "0x1CE0c2827e2eF14D5C4f29a091d735A204794041"),
    ADA("Cardano (Binance-Peg)", "0x3EE2200Efb3400fAbB9AacF31297cBdD1d435D47"),
    DOT("Polkadot (Binance-Peg)", "0x7083609fCE4d1d8Dc0C979AAb8c869Ea2C873402"),
    XRP("XRP (Binance-Peg)", "0x1D2F0da169ceB9fC7B3144628dB156f3F6c60dBE"),
    DOGE("Dogecoin (Binance-Peg)", "0xbA2aE424d960c26247Dd6c32edC70B295c744C43"),
    UNI("Uniswap (Binance-Peg)", "0xBf5140A22578168FD562DCcF235E5D43A02ce9B1"),
    LTC("Litecoin (Binance-Peg)", "0x4338665CBB7B2485A8855A139b75D5e34AB0DB94"),
    ATOM("Cosmos (Binance-Peg)", "0x0Eb3a705fc54725037CC9e008bDede697f62F335"),
    FIL("Filecoin (Binance-Peg)", "0x0D8Ce2A99Bb6e3B7Db580eD848240e4a0F9aE153");

    /** The quote currency of every pair. */
    public static final String QUOTE = "USDT";
    public static final String QUOTE_ADDRESS = "0x55d398326f99059fF775485246999027B3197955";

    private final String displayName;
    private final String bscAddress;

    Token(String displayName, String bscAddress) {
        this.displayName = displayName;
        this.bscAddress = bscAddress;
    }

    /** The token with this symbol, ignoring case and surrounding space. */
    public static Optional<Token> bySymbol(String symbol) {
        String wanted = symbol == null ? "" : symbol.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.name().equals(wanted)).findFirst();
    }

    /** Every supported token's symbol. */
    public static Set<String> symbols() {
        return Arrays.stream(values()).map(Token::name).collect(Collectors.toUnmodifiableSet());
    }

    public String pair() {
        return name() + "/" + QUOTE;
    }

    public String displayName() {
        return displayName;
    }

    public String bscAddress() {
        return bscAddress;
    }
}
