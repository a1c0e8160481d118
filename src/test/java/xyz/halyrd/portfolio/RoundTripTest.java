package xyz.halyrd.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import xyz.halyrd.agent.entity.Phase;
import xyz.halyrd.market.entity.Quote;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.portfolio.entity.PaperFills;
import xyz.halyrd.portfolio.entity.Position;
import xyz.halyrd.portfolio.entity.Trade;

/** A buy and the sell that closes it: the position's cost, the trades' fields, pnl to the cent and hold time. */
class RoundTripTest {

    private static final Instant OPEN = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant CLOSE = OPEN.plus(Duration.ofHours(7).plusMinutes(30));

    private static Quote quote(String price) {
        return new Quote(Token.CAKE, new BigDecimal("100"), new BigDecimal(price), new BigDecimal("0.2"),
                new BigDecimal("800000"), OPEN);
    }

    @Test
    void aRoundTripRealisesThePnlNetOfBothSidesFees() {
        PaperFills.Fill buy = PaperFills.DEFAULT.buy(quote("2.0000"), new BigDecimal("100"));
        Trade opening = Trade.opening("trd_1", "seed", OPEN, Token.CAKE, buy, new BigDecimal("3.40"), Phase.PAPER,
                "ord_1", "jrn_1", "cfv_1");
        Position position = Position.opened("pos_1", "seed", Token.CAKE, buy, OPEN, opening.id(), "cfv_1",
                Phase.PAPER);
        assertEquals(new BigDecimal("100.00000000"), position.costUsdt());
        assertNull(opening.pnlUsdt());
        assertNull(opening.holdTime());
        assertEquals(Side.BUY, opening.side());
        assertEquals("CAKE/USDT", opening.pair());
        assertEquals(new BigDecimal("99.45082376"), position.valueAt(new BigDecimal("2.0")), "marked at the mid");

        PaperFills.Fill sell = PaperFills.DEFAULT.sell(quote("2.2000"), position.quantity());
        Trade closing = Trade.closing("trd_2", "seed", CLOSE, position, sell, new BigDecimal("3.40"), Phase.PAPER,
                "ord_2", "jrn_2", "cfv_1");
        assertEquals(new BigDecimal("8.80873275"), closing.pnlUsdt()); // 108.80873275 back for 100 spent
        assertEquals(new BigDecimal("0.42307953"), closing.feesUsdt());
        assertEquals(Duration.ofMinutes(450), closing.holdTime());
        assertEquals(Side.SELL, closing.side());
    }

    @Test
    void aPositionIsClosedWhole() {
        PaperFills.Fill buy = PaperFills.DEFAULT.buy(quote("2.0000"), new BigDecimal("100"));
        Position position = Position.opened("pos_1", "seed", Token.CAKE, buy, OPEN, "trd_1", "cfv_1", Phase.PAPER);
        PaperFills.Fill half = PaperFills.DEFAULT.sell(quote("2.2"), position.quantity().divide(BigDecimal.valueOf(2)));
        assertThrows(IllegalArgumentException.class, () -> position.pnlOf(half));
    }
}
