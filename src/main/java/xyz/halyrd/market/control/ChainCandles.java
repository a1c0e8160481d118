package xyz.halyrd.market.control;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.chain.control.ConnectedChain;
import xyz.halyrd.chain.control.Erc20;
import xyz.halyrd.chain.control.Node;
import xyz.halyrd.chain.control.SwapPair;
import xyz.halyrd.chain.entity.ChainSettings;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.MidPrice;
import xyz.halyrd.market.entity.Token;

/**
 * Candles made from the chain itself: each watchlist token's TOKEN/USDT v2 pool (found through the router's factory:
 * {@code factory()} on the router, {@code getPair(token, USDT)} on the factory), its {@code Swap} events read with
 * {@code eth_getLogs} and made into OHLCV bars at whatever resolution is asked ({@link SwapTrades}). A swap is a trade
 * at the USDT it moved over the tokens it moved (net of what went each way, the pool's fee included, as it filled);
 * its time is its block's; the volume is in the token, as every candle's.
 * <p>
 * A token's pool is read on the first question about it: back to {@code halyrd.market.backfill} before the latest
 * block (the first block of that span found by bisection on block times), in requests of at most
 * {@code halyrd.market.chain.log-blocks} blocks; after that, every question first reads the blocks mined since
 * (polling: no subscription to lose). A bar is answered once it has closed by the time of the newest block read, so a
 * bar is never answered before all its swaps are held; trades older than the backfill are forgotten.
 * <p>
 * The reference mid ({@code halyrd.market.reference=chain}) is the pool's reserve ratio, USDT over tokens, in the
 * state of the latest block and dated by that block's time. Executable quotes are the router's ({@link RouterQuotes}),
 * so this answers none; nor fear &amp; greed or funding, which a chain does not have.
 * <p>
 * Never raises: a token without a contract in {@code halyrd.chain.tokens} (warned about once), a pair without a pool,
 * or a node that does not answer is an empty answer and a warning; the swaps read before a failure are kept and the reading resumes where
 * it stopped. The node is the application's one {@link ChainConnection}, connected again (or checked again) on the
 * next question.
 * <p>
 * Thread-safe: each token's pool state is guarded by its own lock, held while its blocks are read (the trading cycle
 * reading another token does not wait).
 */
@Dependent // created with Market, which owns the one instance: a bad key stops the deployment
@Typed(ChainCandles.class)
public class ChainCandles implements MarketFeed {

    private static final Logger LOG = Logger.getLogger(ChainCandles.class.getName());
    private static final MathContext PRICE = MathContext.DECIMAL64;

    /** One token's pool and the trades read from it, guarded by itself. */
    private static final class Pool {
        final Token token;
        final String contract;
        final SwapTrades trades;
        /** The pair's address, and whether the token is its token0: found on the first question. */
        String pair;
        boolean tokenIsToken0;
        /** The first block not read yet; negative before the backfill. */
        long nextBlock = -1;
        /** The time of the newest block read to its end: every swap before it is held. Null before the first read. */
        Instant readUntil;

        Pool(Token token, String contract) {
            this.token = token;
            this.contract = contract;
            this.trades = new SwapTrades(token);
        }
    }

    private ChainConnection connection;
    private ChainSettings settings;
    private Duration backfill;
    private long logBlocks;
    private final Map<Token, Pool> pools = new ConcurrentHashMap<>();
    /** The tokens already named in a warning for having no contract: the configuration does not change, once is enough. */
    private final Set<Token> withoutContract = ConcurrentHashMap.newKeySet();

    protected ChainCandles() {
        // for the CDI proxy
    }

    /**
     * Candles from the chain {@code connection} speaks to, {@code backfill} back, reading at most {@code logBlocks}
     * blocks per {@code eth_getLogs}; the chain's settings are read now: any key missing or malformed stops the
     * deployment with the key's name.
     */
    @Inject
    public ChainCandles(ChainConnection connection,
            @ConfigProperty(name = "halyrd.market.backfill", defaultValue = "P8D") Duration backfill,
            @ConfigProperty(name = "halyrd.market.chain.log-blocks", defaultValue = "5000") long logBlocks) {
        if (backfill.isNegative() || backfill.isZero()) {
            throw new IllegalArgumentException("halyrd.market.backfill must be positive, not " + backfill);
        }
        if (logBlocks < 1) {
            throw new IllegalArgumentException("halyrd.market.chain.log-blocks must be at least 1, not " + logBlocks);
        }
        this.connection = connection;
        this.settings = RouterQuotes.settingsOf(connection, "Chain candles");
        this.backfill = backfill;
        this.logBlocks = logBlocks;
    }

    @Override
    public List<Candle> candles(Token token, Duration resolution, Instant until, int count) {
        Optional<Pool> held = pool(token);
        if (held.isEmpty()) {
            return List.of();
        }
        Pool pool = held.get();
        synchronized (pool) {
            try {
                connection.use(chain -> {
                    read(chain, pool);
                    return pool;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "No chain candles for {0}: {1}", new Object[] {token, e.getMessage()});
                return List.of();
            }
            Instant closedBy = until.isBefore(pool.readUntil) ? until : pool.readUntil;
            return pool.trades.candles(resolution, closedBy, count);
        }
    }

    @Override
    public Optional<MidPrice> mid(Token token) {
        Optional<Pool> held = pool(token);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Pool pool = held.get();
        try {
            return Optional.of(connection.use(chain -> {
                synchronized (pool) {
                    locate(chain, pool);
                }
                Node.Block latest = chain.node().latestBlock();
                SwapPair.Reserves reserves = chain.pairs().reserves(pool.pair, latest.number());
                BigInteger tokens = pool.tokenIsToken0 ? reserves.reserve0() : reserves.reserve1();
                BigInteger usdt = pool.tokenIsToken0 ? reserves.reserve1() : reserves.reserve0();
                if (tokens.signum() <= 0 || usdt.signum() <= 0) {
                    throw new Node.Failure("the pool " + pool.pair + " is empty");
                }
                return new MidPrice(token, price(chain, pool, usdt, tokens), latest.time());
            }));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "No chain mid for {0}: {1}", new Object[] {token, e.getMessage()});
            return Optional.empty();
        }
    }

    /**
     * The token's pool state, made on the first question; empty without a contract configured (a warning the first
     * time: the trading cycle asks about every token of the universe).
     */
    private Optional<Pool> pool(Token token) {
        Optional<String> contract = settings.address(token.name());
        if (contract.isEmpty()) {
            LOG.log(withoutContract.add(token) ? Level.WARNING : Level.FINE,
                    "No chain candles or mid for {0}: it has no contract in {1}",
                    new Object[] {token, ChainSettings.TOKENS});
            return Optional.empty();
        }
        return Optional.of(pools.computeIfAbsent(token, t -> new Pool(t, contract.get())));
    }

    /** Finds the pool's pair and which side the token is, once. */
    private void locate(ConnectedChain chain, Pool pool) {
        if (pool.pair == null) {
            String pair = chain.router().pair(settings.router(), pool.contract, settings.usdt());
            pool.tokenIsToken0 = chain.pairs().token0(pair).equalsIgnoreCase(pool.contract);
            pool.pair = pair;
        }
    }

    /**
     * Reads the pool's swaps from the first block not read up to the latest, a chunk of blocks at a time; a chunk's
     * trades join the held ones only once all of them are read, so a failure halfway leaves nothing twice.
     */
    private void read(ConnectedChain chain, Pool pool) {
        locate(chain, pool);
        Node.Block latest = chain.node().latestBlock();
        if (pool.nextBlock < 0) {
            pool.nextBlock = firstBlockFrom(chain.node(), latest.time().minus(backfill), latest);
        }
        while (pool.nextBlock <= latest.number()) {
            long to = Math.min(pool.nextBlock + logBlocks - 1, latest.number());
            List<SwapPair.Swap> swaps = chain.pairs().swaps(pool.pair, pool.nextBlock, to);
            Map<Long, Instant> blockTimes = chain.node().blockTimes(swaps.stream().map(SwapPair.Swap::block)
                    .filter(block -> block != latest.number()).toList());
            blockTimes.put(latest.number(), latest.time());
            List<SwapTrades.Trade> chunk = new ArrayList<>();
            for (SwapPair.Swap swap : swaps) {
                trade(chain, pool, swap, blockTimes.get(swap.block())).ifPresent(chunk::add);
            }
            chunk.forEach(pool.trades::add);
            pool.nextBlock = to + 1;
        }
        pool.readUntil = latest.time();
        pool.trades.forgetBefore(latest.time().minus(backfill));
    }

    /** The first block stamped at or after {@code from}: bisection on the block times up to {@code latest}. */
    private static long firstBlockFrom(Node node, Instant from, Node.Block latest) {
        if (latest.time().isBefore(from)) {
            return latest.number() + 1;
        }
        long low = 0;
        long high = latest.number(); // stamped at or after from
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (node.block(middle).time().isBefore(from)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * A swap as a trade: the USDT it moved over the tokens it moved, each net of what went the other way; none when
     * either is nothing (no price to tell).
     */
    private Optional<SwapTrades.Trade> trade(ConnectedChain chain, Pool pool, SwapPair.Swap swap, Instant at) {
        BigInteger amount0 = swap.amount0In().subtract(swap.amount0Out()).abs();
        BigInteger amount1 = swap.amount1In().subtract(swap.amount1Out()).abs();
        BigInteger tokens = pool.tokenIsToken0 ? amount0 : amount1;
        BigInteger usdt = pool.tokenIsToken0 ? amount1 : amount0;
        if (tokens.signum() == 0 || usdt.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(new SwapTrades.Trade(at, price(chain, pool, usdt, tokens),
                Erc20.toAmount(tokens, chain.decimals(pool.contract))));
    }

    /** USDT per token: {@code usdt} units over {@code tokens} units. */
    private BigDecimal price(ConnectedChain chain, Pool pool, BigInteger usdt, BigInteger tokens) {
        return Erc20.toAmount(usdt, chain.decimals(settings.usdt()))
                .divide(Erc20.toAmount(tokens, chain.decimals(pool.contract)), PRICE);
    }
}
