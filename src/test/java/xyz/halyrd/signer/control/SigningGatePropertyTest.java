package xyz.halyrd.signer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import xyz.halyrd.chain.control.SwapRouter;
import xyz.halyrd.signer.entity.SignedDay;

/**
 * Property: whatever orders arrive, from however many threads at once, nothing the gate admits breaks a signing
 * rule — in particular the buys admitted on one UTC day never add up to more than the daily cap. The ledger is the
 * real {@link SignedDay} (in memory, unsynchronized: only the gate's lock protects it).
 */
class SigningGatePropertyTest {

    static final BigDecimal PER_TRADE = new BigDecimal("500");
    static final BigDecimal DAILY = new BigDecimal("2000");
    static final BigDecimal SLIPPAGE = new BigDecimal("1.0");
    static final long CHAIN = 1337;
    static final List<String> ALLOWED = List.of("ETH", "CAKE", "LINK");
    static final List<String> TOKENS = List.of("ETH", "CAKE", "LINK", "AVAX", "DOGE");
    static final List<LocalDate> DAYS = List.of(LocalDate.of(2026, 11, 28), LocalDate.of(2026, 11, 29),
            LocalDate.of(2026, 11, 30));
    static final int THREADS = 16;
    static final int ORDERS_PER_THREAD = 1_000;

    record Decided(SigningRules.Check check, LocalDate day, Optional<SigningRules.Refusal> refusal) {
    }

    /** A map of days to ledgers that is not thread-safe on purpose. */
    static final class InMemoryLedger implements SigningGate.Ledger {
        final Map<LocalDate, SignedDay> days = new HashMap<>();

        @Override
        public BigDecimal signedOn(LocalDate day) {
            SignedDay signed = days.get(day);
            return signed == null ? BigDecimal.ZERO : signed.signedUsdt();
        }

        @Override
        public void book(LocalDate day, BigDecimal sizeUsdt) {
            days.computeIfAbsent(day, d -> SignedDay.open("seed", d)).book(sizeUsdt);
        }
    }

    static SigningRules.Check randomOrder(SplittableRandom random, int n) {
        // sizes cluster around the caps' boundaries, with exact boundary values, and roam elsewhere
        BigDecimal size = switch (random.nextInt(5)) {
            case 0 -> PER_TRADE;
            case 1 -> PER_TRADE.add(new BigDecimal("0.00000001"));
            case 2 -> BigDecimal.valueOf(random.nextLong(1, 70_000), 2); // 0.01 .. 700
            case 3 -> BigDecimal.valueOf(random.nextLong(49_990_000, 50_010_000), 5); // 499.9 .. 500.1
            default -> BigDecimal.valueOf(random.nextLong(1, 100), 0);
        };
        BigInteger quoted = BigInteger.valueOf(random.nextLong(1_000, 10_000_000_000L));
        BigInteger floor = SwapRouter.amountOutMin(quoted, SLIPPAGE);
        BigInteger minOut = switch (random.nextInt(4)) {
            case 0 -> floor;
            case 1 -> floor.subtract(BigInteger.ONE);
            case 2 -> quoted;
            default -> BigInteger.valueOf(random.nextLong(0, quoted.longValueExact() + 1));
        };
        return new SigningRules.Check("ord_" + n, TOKENS.get(random.nextInt(TOKENS.size())), random.nextInt(4) != 0,
                size, quoted, minOut, random.nextInt(20) != 0, random.nextInt(30) == 0 ? 56 : CHAIN);
    }

    @Test
    void noAdmittedOrderEverBreaksARuleUnderConcurrency() throws Exception {
        SigningGate gate = new SigningGate();
        InMemoryLedger ledger = new InMemoryLedger();
        SigningRules.Limits limits = new SigningRules.Limits(ALLOWED, PER_TRADE, DAILY, SLIPPAGE, CHAIN);
        List<Decided> decided = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 7_919L * (t + 1);
            int thread = t;
            runs.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                start.await();
                for (int i = 0; i < ORDERS_PER_THREAD; i++) {
                    SigningRules.Check check = randomOrder(random, thread * ORDERS_PER_THREAD + i);
                    LocalDate day = DAYS.get(random.nextInt(DAYS.size()));
                    decided.add(new Decided(check, day, gate.admit(check, limits, day, ledger)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(THREADS * ORDERS_PER_THREAD, decided.size());
        Map<LocalDate, BigDecimal> admittedBuys = new ConcurrentHashMap<>();
        Map<String, Integer> refusedBy = new HashMap<>();
        int admitted = 0;
        for (Decided d : decided) {
            SigningRules.Check c = d.check();
            if (d.refusal().isPresent()) {
                refusedBy.merge(d.refusal().get().rule(), 1, Integer::sum);
                continue;
            }
            admitted++;
            assertTrue(c.sessionActive(), "signed with a revoked session: " + c);
            assertEquals(CHAIN, c.nodeChainId(), "signed on another chain: " + c);
            assertTrue(ALLOWED.contains(c.token()), "signed a token off the allowlist: " + c);
            assertTrue(c.amountOutMin().compareTo(SwapRouter.amountOutMin(c.quotedOut(), SLIPPAGE)) >= 0,
                    "signed beyond the slippage bound: " + c);
            if (c.buy()) {
                assertTrue(c.sizeUsdt().compareTo(PER_TRADE) <= 0, "signed above the per-trade cap: " + c);
                admittedBuys.merge(d.day(), c.sizeUsdt(), BigDecimal::add);
            }
        }
        for (LocalDate day : DAYS) {
            BigDecimal total = admittedBuys.getOrDefault(day, BigDecimal.ZERO);
            assertTrue(total.compareTo(DAILY) <= 0, day + ": " + total + " USDT signed, above the daily cap");
            assertEquals(0, total.compareTo(ledger.signedOn(day)), "the ledger books exactly what was admitted");
            // not vacuous: each day was filled close to its cap, and refusals happened for every rule
            assertTrue(total.compareTo(DAILY.subtract(new BigDecimal("5"))) > 0, day + " only reached " + total);
        }
        assertTrue(admitted > 1_000, "admitted " + admitted);
        for (String rule : List.of(SigningRules.SESSION_REVOKED, SigningRules.CHAIN_ID, SigningRules.ALLOWLIST,
                SigningRules.PER_TRADE_CAP, SigningRules.DAILY_CAP, SigningRules.SLIPPAGE)) {
            assertTrue(refusedBy.getOrDefault(rule, 0) > 0, "no order was refused by " + rule + ": " + refusedBy);
        }
    }

    @Test
    void eachRuleRefusesJustPastItsBoundaryAndAdmitsAtIt() {
        SigningRules.Limits limits = new SigningRules.Limits(ALLOWED, PER_TRADE, DAILY, SLIPPAGE, CHAIN);
        BigInteger quoted = BigInteger.valueOf(1_000_000);
        BigInteger floor = SwapRouter.amountOutMin(quoted, SLIPPAGE);
        assertEquals(BigInteger.valueOf(990_000), floor);
        SigningRules.Check ok = new SigningRules.Check("ord_1", "ETH", true, PER_TRADE, quoted, floor, true, CHAIN);
        assertEquals(Optional.empty(), SigningRules.judge(ok, limits, DAILY.subtract(PER_TRADE)));
        assertEquals(SigningRules.DAILY_CAP, rule(ok, limits, DAILY.subtract(PER_TRADE).add(new BigDecimal("0.01"))));
        assertEquals(SigningRules.PER_TRADE_CAP, rule(new SigningRules.Check("ord_2", "ETH", true,
                new BigDecimal("500.01"), quoted, floor, true, CHAIN), limits, BigDecimal.ZERO));
        assertEquals(SigningRules.SLIPPAGE, rule(new SigningRules.Check("ord_3", "ETH", true, PER_TRADE, quoted,
                floor.subtract(BigInteger.ONE), true, CHAIN), limits, BigDecimal.ZERO));
        assertEquals(SigningRules.ALLOWLIST, rule(new SigningRules.Check("ord_4", "DOGE", true, BigDecimal.ONE,
                quoted, floor, true, CHAIN), limits, BigDecimal.ZERO));
        assertEquals(SigningRules.SESSION_REVOKED, rule(new SigningRules.Check("ord_5", "ETH", true, BigDecimal.ONE,
                quoted, floor, false, CHAIN), limits, BigDecimal.ZERO));
        assertEquals(SigningRules.CHAIN_ID, rule(new SigningRules.Check("ord_6", "ETH", true, BigDecimal.ONE,
                quoted, floor, true, 56), limits, BigDecimal.ZERO));
        // a sell back to USDT is never capped, but the other rules hold
        assertEquals(Optional.empty(), SigningRules.judge(new SigningRules.Check("ord_7", "ETH", false,
                new BigDecimal("900"), quoted, floor, true, CHAIN), limits, DAILY));
        String reason = SigningRules.judge(new SigningRules.Check("ord_8", "ETH", true, new BigDecimal("520"),
                quoted, floor, true, CHAIN), limits, BigDecimal.ZERO).orElseThrow().reason();
        assertEquals("Order size 520 USDT exceeds per-trade cap of 500 USDT.", reason);
    }

    private static String rule(SigningRules.Check check, SigningRules.Limits limits, BigDecimal signedToday) {
        return SigningRules.judge(check, limits, signedToday).orElseThrow().rule();
    }
}
