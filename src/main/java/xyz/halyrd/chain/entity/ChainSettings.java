package xyz.halyrd.chain.entity;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configured chain, read from the {@code halyrd.chain.*} keys and checked for completeness before anything
 * connects: the node, the chain id, the router, USDT and the watchlist's token contracts, and how transactions are
 * waited for and priced. The wallet is not here: it is the signer's.
 *
 * @param tokens          token contracts by upper-case symbol
 * @param nativePriceUsdt USDT per native coin (BNB), to express gas in USDT where the router has no WBNB/USDT pool
 *                        to ask or the node does not answer
 */
public record ChainSettings(String rpcUrl, long chainId, String router, String usdt, Map<String, String> tokens,
        String explorerUrl, Duration receiptTimeout, Duration deadlineWindow, BigDecimal nativePriceUsdt) {

    public static final String RPC_URL = "halyrd.chain.rpc-url";
    public static final String CHAIN_ID = "halyrd.chain.id";
    public static final String ROUTER = "halyrd.chain.router";
    public static final String USDT = "halyrd.chain.usdt";
    public static final String TOKENS = "halyrd.chain.tokens";
    public static final String EXPLORER = "halyrd.chain.explorer-url";
    public static final String RECEIPT_TIMEOUT = "halyrd.chain.receipt-timeout";
    public static final String DEADLINE = "halyrd.chain.deadline";
    public static final String NATIVE_PRICE = "halyrd.chain.native-price-usdt";

    static final String DEFAULT_RECEIPT_TIMEOUT = "PT30S";
    static final String DEFAULT_DEADLINE = "PT2M";
    static final String DEFAULT_NATIVE_PRICE = "600";
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    public ChainSettings {
        tokens = Map.copyOf(tokens);
    }

    /** The chain is not configured, or not completely: the reason, in plain words (never a secret). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the settings through {@code key} (a config lookup); {@code symbols} are the token symbols
     * {@code halyrd.chain.tokens} may name. Absent {@code halyrd.chain.rpc-url} means no chain (live is off); any
     * other key missing or malformed is a misconfiguration. Either way {@link Unavailable}.
     */
    public static ChainSettings read(Function<String, Optional<String>> key, Set<String> symbols) {
        String rpc = key.apply(RPC_URL).filter(s -> !s.isBlank()).orElseThrow(() -> new Unavailable(
                "live mode is not configured (" + RPC_URL + " is not set): Halyrd trades on paper only."));
        if (!rpc.startsWith("http://") && !rpc.startsWith("https://")) {
            throw new Unavailable(RPC_URL + " must be an http(s) URL.");
        }
        long chainId;
        try {
            chainId = Long.parseLong(required(key, CHAIN_ID).trim());
        } catch (NumberFormatException e) {
            throw new Unavailable(CHAIN_ID + " must be a whole number, e.g. 56 for BSC.");
        }
        String router = address(ROUTER, required(key, ROUTER));
        String usdt = address(USDT, required(key, USDT));
        Map<String, String> tokens = tokens(required(key, TOKENS), symbols);
        Duration receipt = duration(key, RECEIPT_TIMEOUT, DEFAULT_RECEIPT_TIMEOUT);
        Duration deadline = duration(key, DEADLINE, DEFAULT_DEADLINE);
        BigDecimal nativePrice;
        try {
            nativePrice = new BigDecimal(key.apply(NATIVE_PRICE).orElse(DEFAULT_NATIVE_PRICE).trim());
        } catch (NumberFormatException e) {
            throw new Unavailable(NATIVE_PRICE + " must be a number of USDT.");
        }
        if (nativePrice.signum() <= 0) {
            throw new Unavailable(NATIVE_PRICE + " must be positive.");
        }
        return new ChainSettings(rpc, chainId, router, usdt, tokens,
                key.apply(EXPLORER).filter(s -> !s.isBlank()).orElse(null), receipt, deadline, nativePrice);
    }

    /** The contract of the token with this symbol on this chain, if configured. */
    public Optional<String> address(String symbol) {
        return Optional.ofNullable(tokens.get(symbol.toUpperCase(Locale.ROOT)));
    }

    /** A key the settings require: its value, or {@link Unavailable} naming it. */
    public static String required(Function<String, Optional<String>> key, String name) {
        return key.apply(name).filter(s -> !s.isBlank()).orElseThrow(() -> new Unavailable(
                "live mode is misconfigured: " + name + " is not set."));
    }

    private static String address(String name, String value) {
        if (!ADDRESS.matcher(value.trim()).matches()) {
            throw new Unavailable(name + " is not an address (0x and 40 hex digits).");
        }
        return value.trim();
    }

    /** {@code ETH=0x…,CAKE=0x…}: every symbol one of {@code symbols}, every value an address. */
    static Map<String, String> tokens(String value, Set<String> symbols) {
        Map<String, String> tokens = new TreeMap<>();
        for (String entry : value.split(",")) {
            String[] parts = entry.split("=", 2);
            String symbol = parts[0].trim().toUpperCase(Locale.ROOT);
            if (parts.length != 2 || !symbols.contains(symbol) || !ADDRESS.matcher(parts[1].trim()).matches()) {
                throw new Unavailable(TOKENS + " must read SYMBOL=0xADDRESS,…; \"" + entry.trim()
                        + "\" does not.");
            }
            tokens.put(symbol, parts[1].trim());
        }
        return tokens;
    }

    private static Duration duration(Function<String, Optional<String>> key, String name, String fallback) {
        try {
            Duration d = Duration.parse(key.apply(name).orElse(fallback).trim());
            if (d.isNegative() || d.isZero()) {
                throw new Unavailable(name + " must be positive.");
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw new Unavailable(name + " must be an ISO-8601 duration such as PT30S.");
        }
    }
}
