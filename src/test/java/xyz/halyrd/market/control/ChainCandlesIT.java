package xyz.halyrd.market.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import xyz.halyrd.LocalChain;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.control.SwapPair;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.market.entity.BarClose;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Token;

/**
 * Chain candles against a real EVM node: anvil with the project's own contracts, as {@code RouterQuotesIT}. Swaps of
 * known sizes go through the router at block times the test sets ({@code evm_setNextBlockTimestamp}), and the candles
 * read back are those swaps, bar by bar, to the last digit; a new ChainCandles over the same chain (a restart) back-fills
 * the same candles; the mid is the pool's reserve ratio. Plain JUnit (no Payara); alone with
 * {@code ./mvnw -o verify -Dit.test=ChainCandlesIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false}.
 * The tests share one chain and run alone or in any order: each trades on a pool of its own, from a whole hour after
 * the chain's latest block (block times only move forward).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainCandlesIT {

    static final int DECIMALS = 18;
    static final String PASSWORD = "it-only-password";
    static final MathContext PRICE = MathContext.DECIMAL64;
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration BACKFILL = Duration.ofDays(8);
    static final Instant FAR = Instant.parse("2999-01-01T00:00:00Z");

    LocalChain local;
    Credentials wallet;
    ChainConnection connection;
    Node node;
    SwapRouter swaps;

    @BeforeAll
    void startChain() throws Exception {
        wallet = LocalChain.newWallet(PASSWORD);
        local = LocalChain.start(wallet.getAddress(), "100000");
        connection = local.connectionWithBnbWithoutPool(local.rpcUrl());
        node = new Node(local.rpcUrl(), LocalChain.CHAIN_ID, Duration.ofSeconds(10));
        swaps = new SwapRouter(node);
        Erc20 erc20 = new Erc20(node);
        BigInteger all = BigInteger.TWO.pow(255);
        for (String token : List.of(usdt(), local.token("ETH"), local.token("CAKE"))) {
            // approved up front: a swap's block is then the only one mined at the time the test sets
            assertEquals(TxOutcome.Status.MINED, erc20.approve(wallet, token, local.router(), all).status());
        }
    }

    String usdt() {
        return local.token("USDT");
    }

    @AfterAll
    void stopChain() throws Exception {
        connection.close();
        node.close();
        local.close();
    }

    /** A swap the test made: its block's time, the USDT and the tokens it moved. */
    record Made(Instant at, BigDecimal usdt, BigDecimal tokens) {

        BigDecimal price() {
            return usdt.divide(tokens, PRICE);
        }
    }

    /** The bar of {@code made} (all in one bar, in order) as the spec says: first, highest, lowest, last; tokens. */
    static Candle bar(Token token, Instant open, List<Made> made) {
        BigDecimal high = made.stream().map(Made::price).reduce(BigDecimal::max).orElseThrow();
        BigDecimal low = made.stream().map(Made::price).reduce(BigDecimal::min).orElseThrow();
        BigDecimal volume = made.stream().map(Made::tokens).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Candle(token, open, HOUR, made.get(0).price(), high, low, made.get(made.size() - 1).price(), volume);
    }

    /** A bar without a swap: flat at {@code close}, no volume. */
    static Candle flat(Token token, Instant open, BigDecimal close) {
        return new Candle(token, open, HOUR, close, close, close, close, BigDecimal.ZERO);
    }

    /** A whole hour at least an hour after the chain's latest block: this test's bars start there. */
    Instant nextHour() {
        return node.latestBlock().time().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
    }

    /** Buys {@code token} for {@code usdtSpent} USDT in a block stamped {@code at}. */
    Made buy(Instant at, String token, String usdtSpent) throws Exception {
        BigInteger in = units(new BigDecimal(usdtSpent));
        return new Made(at, amount(in), amount(swap(at, in, usdt(), token)));
    }

    /** Sells {@code tokensSold} of {@code token} for USDT in a block stamped {@code at}. */
    Made sell(Instant at, String token, String tokensSold) throws Exception {
        BigInteger in = units(new BigDecimal(tokensSold));
        return new Made(at, amount(swap(at, in, token, usdt())), amount(in));
    }

    /** Swaps {@code amountIn} of {@code from} for {@code to} in a block stamped {@code at}: what the wallet received. */
    BigInteger swap(Instant at, BigInteger amountIn, String from, String to) throws Exception {
        local.rpc("evm_setNextBlockTimestamp", "[" + at.getEpochSecond() + "]");
        TxOutcome swap = swaps.swapExactTokensForTokens(wallet, local.router(), amountIn, BigInteger.ONE,
                List.of(from, to), wallet.getAddress(), BigInteger.valueOf(at.plus(Duration.ofDays(1)).getEpochSecond()));
        assertEquals(TxOutcome.Status.MINED, swap.status(), swap::toString);
        assertEquals(at, node.block(swap.blockNumber().longValueExact()).time(), "the block time set");
        return swap.received(to, wallet.getAddress());
    }

    /** Mines an empty block stamped {@code at}: the chain's time moves on without a swap. */
    void mine(Instant at) throws Exception {
        local.rpc("evm_setNextBlockTimestamp", "[" + at.getEpochSecond() + "]");
        local.rpc("evm_mine", "[]");
    }

    @Test
    void theCandlesAreTheSwapsMadeBarByBarAndABarIsAnsweredOnceTheChainHasPassedItsClose() throws Exception {
        ChainCandles candles = new ChainCandles(connection, BACKFILL, 3); // three blocks a request: many requests
        String eth = local.token("ETH");
        Instant t0 = nextHour();
        assertEquals(List.of(), candles.candles(Token.ETH, HOUR, FAR, 10), "no swap on the pool yet");

        List<Made> first = new ArrayList<>();
        first.add(buy(t0.plusSeconds(600), eth, "1000"));
        first.add(sell(t0.plusSeconds(1500), eth, "0.2"));
        first.add(buy(t0.plusSeconds(2400), eth, "25000"));
        first.add(sell(t0.plusSeconds(3599), eth, "1.25"));
        List<Made> third = new ArrayList<>();
        third.add(buy(t0.plus(Duration.ofMinutes(125)), eth, "300"));
        third.add(sell(t0.plus(Duration.ofMinutes(150)), eth, "5"));

        Candle firstBar = bar(Token.ETH, t0, first);
        Candle emptyBar = flat(Token.ETH, t0.plus(HOUR), firstBar.close());
        Candle thirdBar = bar(Token.ETH, t0.plus(Duration.ofHours(2)), third);
        assertEquals(List.of(firstBar, emptyBar), candles.candles(Token.ETH, HOUR, FAR, 10),
                "the third bar is open while the chain's latest block is in it");

        mine(t0.plus(Duration.ofHours(3)));
        assertEquals(List.of(firstBar, emptyBar, thirdBar), candles.candles(Token.ETH, HOUR, FAR, 10));
        assertEquals(List.of(emptyBar, thirdBar), candles.candles(Token.ETH, HOUR, FAR, 2), "the last two");
        assertEquals(List.of(firstBar), candles.candles(Token.ETH, HOUR, t0.plus(Duration.ofMinutes(90)), 10),
                "closed by the time asked");
        assertEquals(Optional.of(new BarClose(thirdBar.openTime(), thirdBar.close().doubleValue())),
                candles.lastClose(Token.ETH, HOUR, FAR));

        assertTrue(firstBar.high().compareTo(firstBar.low()) > 0, "buys fill above sells: " + firstBar);
        assertEquals(first.get(2).price(), firstBar.high(), "the 25 000 USDT buy moved the price most");
    }

    @Test
    void aNewChainCandlesOverTheSameChainBackFillsTheSameCandles() throws Exception {
        ChainCandles running = new ChainCandles(connection, BACKFILL, 5000);
        String cake = local.token("CAKE");
        Instant t0 = nextHour();
        buy(t0.plusSeconds(60), cake, "500");
        assertEquals(List.of(), running.candles(Token.CAKE, HOUR, FAR, 10), "read while the first bar is open");
        sell(t0.plusSeconds(1800), cake, "50");
        buy(t0.plus(Duration.ofMinutes(70)), cake, "2000");
        running.candles(Token.CAKE, HOUR, FAR, 10);
        sell(t0.plus(Duration.ofMinutes(190)), cake, "700");
        buy(t0.plus(Duration.ofMinutes(200)), cake, "40");
        mine(t0.plus(Duration.ofHours(4)));
        List<Candle> polled = running.candles(Token.CAKE, HOUR, FAR, 10);
        assertEquals(4, polled.size(), "four bars, the third without a swap: " + polled);

        ChainConnection restarted = local.connectionWithBnbWithoutPool(local.rpcUrl());
        try {
            assertEquals(polled, new ChainCandles(restarted, BACKFILL, 2).candles(Token.CAKE, HOUR, FAR, 10),
                    "back-filled in requests of two blocks");
            assertEquals(polled.subList(3, 4), new ChainCandles(restarted, HOUR, 5000)
                    .candles(Token.CAKE, HOUR, FAR, 10), "an hour back from the latest block: its swaps only");
        } finally {
            restarted.close();
        }
    }

    @Test
    void theMidIsThePoolsReserveRatioAtTheLatestBlock() {
        ChainCandles candles = new ChainCandles(connection, BACKFILL, 5000);
        String link = local.token("LINK");
        String pair = swaps.pair(local.router(), link, usdt());
        assertEquals(local.deployment().getJsonObject("pairs").getString("LINK").toLowerCase(), pair.toLowerCase(),
                "the factory's pool is the one deployed");

        MidPrice mid = candles.mid(Token.LINK).orElseThrow();
        Node.Block latest = node.latestBlock();
        SwapPair pairs = new SwapPair(node);
        SwapPair.Reserves reserves = pairs.reserves(pair, latest.number());
        boolean linkFirst = pairs.token0(pair).equalsIgnoreCase(link);
        BigInteger links = linkFirst ? reserves.reserve0() : reserves.reserve1();
        BigInteger dollars = linkFirst ? reserves.reserve1() : reserves.reserve0();
        assertEquals(amount(dollars).divide(amount(links), PRICE), mid.price(), "USDT reserve over LINK reserve");
        assertEquals(0, new BigDecimal("15").compareTo(mid.price()), "as deployed: 30 M USDT against 2 M LINK");
        assertEquals(latest.time(), mid.ts(), "the block's time");
        assertEquals(Token.LINK, mid.token());
    }

    @Test
    void aTokenWithoutAContractOrAPoolAndANodeThatDoesNotAnswerAreEmptyAnswers() {
        ChainCandles candles = new ChainCandles(connection, BACKFILL, 5000);
        assertEquals(List.of(), candles.candles(Token.DOGE, HOUR, FAR, 10), "no contract configured");
        assertEquals(Optional.empty(), candles.mid(Token.DOGE));
        assertEquals(List.of(), candles.candles(Token.BNB, HOUR, FAR, 10), "no pool");
        assertEquals(Optional.empty(), candles.mid(Token.BNB));
        assertTrue(candles.mid(Token.AVAX).isPresent(), "every other pool answers");

        ChainConnection nowhere = local.connectionWithBnbWithoutPool("http://127.0.0.1:9");
        ChainCandles unreachable = new ChainCandles(nowhere, BACKFILL, 5000);
        assertEquals(List.of(), unreachable.candles(Token.ETH, HOUR, FAR, 10));
        assertEquals(Optional.empty(), unreachable.mid(Token.ETH));
        assertEquals(Optional.empty(), unreachable.lastClose(Token.ETH, HOUR, FAR));
        nowhere.close();
    }

    static BigInteger units(BigDecimal amount) {
        return Erc20.toUnits(amount, DECIMALS, RoundingMode.DOWN);
    }

    static BigDecimal amount(BigInteger units) {
        return Erc20.toAmount(units, DECIMALS);
    }
}
