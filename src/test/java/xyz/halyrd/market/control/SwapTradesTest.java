package xyz.halyrd.market.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xyz.halyrd.market.entity.Candle;
import xyz.halyrd.market.entity.Token;

/** The chain's trades made into candles, without a chain: bucketing by time, empty bars, order and bounds. */
class SwapTradesTest {

    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    final SwapTrades trades = new SwapTrades(Token.ETH);

    void trade(String at, String price, String amount) {
        trades.add(new SwapTrades.Trade(T0.plus(Duration.parse(at)), new BigDecimal(price), new BigDecimal(amount)));
    }

    static Candle bar(Duration from, String open, String high, String low, String close, String volume) {
        return new Candle(Token.ETH, T0.plus(from), HOUR, new BigDecimal(open), new BigDecimal(high),
                new BigDecimal(low), new BigDecimal(close), new BigDecimal(volume));
    }

    @Test
    void eachBarHoldsTheTradesOfItsHourFirstToLast() {
        trade("PT5M", "3000", "1.5");
        trade("PT20M", "3010.5", "0.25");
        trade("PT40M", "2990", "2");
        trade("PT59M59.999S", "2995", "0.5");
        trade("PT1H", "2996", "1"); // the next bar opens on the hour
        trade("PT1H30M", "3001", "0.125");

        assertEquals(List.of(bar(Duration.ZERO, "3000", "3010.5", "2990", "2995", "4.25"),
                bar(HOUR, "2996", "3001", "2996", "3001", "1.125")),
                trades.candles(HOUR, T0.plus(Duration.ofHours(2)), 10));
    }

    @Test
    void aBarIsAnsweredOnlyOnceItHasClosed() {
        trade("PT5M", "3000", "1");
        trade("PT1H10M", "3100", "1");
        assertEquals(List.of(), trades.candles(HOUR, T0.plus(Duration.ofMinutes(59)), 5), "the first bar is open");
        assertEquals(1, trades.candles(HOUR, T0.plus(HOUR), 5).size(), "closed at its close time");
        assertEquals(1, trades.candles(HOUR, T0.plus(Duration.ofMinutes(119)), 5).size());
        assertEquals(2, trades.candles(HOUR, T0.plus(Duration.ofHours(2)), 5).size());
    }

    @Test
    void anHourWithoutATradeIsFlatAtTheCloseBeforeItWithoutVolume() {
        trade("PT10M", "3000", "1");
        trade("PT50M", "3020", "1");
        trade("PT3H15M", "2980", "2");

        assertEquals(List.of(bar(Duration.ZERO, "3000", "3020", "3000", "3020", "2"),
                bar(HOUR, "3020", "3020", "3020", "3020", "0"),
                bar(Duration.ofHours(2), "3020", "3020", "3020", "3020", "0"),
                bar(Duration.ofHours(3), "2980", "2980", "2980", "2980", "2"),
                bar(Duration.ofHours(4), "2980", "2980", "2980", "2980", "0")),
                trades.candles(HOUR, T0.plus(Duration.ofHours(5)), 10), "and after the last trade, up to the close");
    }

    @Test
    void theLastCountBarsOldestFirstAndNoneBeforeTheFirstTrade() {
        for (int hour = 0; hour < 6; hour++) {
            trade("PT" + hour + "H1M", String.valueOf(3000 + hour), "1");
        }
        List<Candle> last = trades.candles(HOUR, T0.plus(Duration.ofHours(6)), 3);
        assertEquals(List.of(T0.plus(Duration.ofHours(3)), T0.plus(Duration.ofHours(4)), T0.plus(Duration.ofHours(5))),
                last.stream().map(Candle::openTime).toList());
        assertEquals(List.of("3003", "3004", "3005"), last.stream().map(c -> c.close().toPlainString()).toList());

        List<Candle> all = trades.candles(HOUR, T0.plus(Duration.ofHours(6)), 100);
        assertEquals(6, all.size(), "fewer than asked: the history begins at the first trade");
        assertEquals(T0, all.get(0).openTime());
        assertEquals(List.of(), trades.candles(HOUR, T0.plus(Duration.ofHours(6)), 0));
    }

    @Test
    void barsCarryTheCloseOfATradeBeforeTheWindowAsked() {
        trade("PT10M", "3000", "1");
        trade("PT5H10M", "3050", "1");
        assertEquals(List.of(bar(Duration.ofHours(3), "3000", "3000", "3000", "3000", "0"),
                bar(Duration.ofHours(4), "3000", "3000", "3000", "3000", "0"),
                bar(Duration.ofHours(5), "3050", "3050", "3050", "3050", "1")),
                trades.candles(HOUR, T0.plus(Duration.ofHours(6)), 3));
    }

    @Test
    void anyResolutionBucketsOnTheEpoch() {
        trade("PT10M", "3000", "1");
        trade("PT20M", "3100", "1");
        trade("PT25M", "2900", "1");
        Duration quarter = Duration.ofMinutes(15);
        List<Candle> bars = trades.candles(quarter, T0.plus(Duration.ofMinutes(30)), 10);
        assertEquals(List.of(T0, T0.plus(quarter)), bars.stream().map(Candle::openTime).toList());
        assertEquals(new BigDecimal("2900"), bars.get(1).close());
        assertEquals(new BigDecimal("2900"), bars.get(1).low());
        assertEquals(new BigDecimal("3100"), bars.get(1).open());

        List<Candle> days = trades.candles(Duration.ofDays(1), T0.plus(Duration.ofDays(1)), 10);
        assertEquals(List.of(Instant.parse("2026-01-05T00:00:00Z")), days.stream().map(Candle::openTime).toList(),
                "a day's bar opens at 00:00 UTC");
    }

    @Test
    void forgettingKeepsTheLastTradeBeforeSoTheBarsAfterItKeepTheirPrice() {
        trade("PT10M", "3000", "1");
        trade("PT20M", "3010", "1");
        trade("PT3H10M", "3050", "1");
        trades.forgetBefore(T0.plus(Duration.ofHours(2)));
        assertEquals(2, trades.size());
        assertEquals(List.of(bar(Duration.ofHours(2), "3010", "3010", "3010", "3010", "0"),
                bar(Duration.ofHours(3), "3050", "3050", "3050", "3050", "1")),
                trades.candles(HOUR, T0.plus(Duration.ofHours(4)), 2));
    }

    @Test
    void tradesComeInChainOrder() {
        trade("PT10M", "3000", "1");
        trade("PT10M", "3001", "1"); // the same block
        assertThrows(IllegalArgumentException.class, () -> trade("PT9M", "3000", "1"));
        assertThrows(IllegalArgumentException.class, () -> trade("PT11M", "3000", "0"));
    }
}
