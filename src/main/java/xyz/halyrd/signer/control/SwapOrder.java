package xyz.halyrd.signer.control;

import java.math.BigInteger;
import java.util.Objects;
import xyz.halyrd.market.entity.Side;
import xyz.halyrd.market.entity.Token;

/**
 * A swap the live executor asks the signer to sign: buy {@code token} with exactly {@code amountIn} USDT units, or
 * sell exactly {@code amountIn} token units for USDT, accepting no less than {@code amountOutMin} out.
 */
public record SwapOrder(String agentId, String orderRef, Token token, Side side, BigInteger amountIn,
        BigInteger amountOutMin, String configVersionId) {

    public SwapOrder {
        Objects.requireNonNull(agentId);
        Objects.requireNonNull(orderRef);
        Objects.requireNonNull(token);
        Objects.requireNonNull(side);
        if (amountIn.signum() <= 0 || amountOutMin.signum() < 0) {
            throw new IllegalArgumentException("a swap moves a positive amount: " + amountIn + " → ≥ " + amountOutMin);
        }
    }

    public boolean buy() {
        return side == Side.BUY;
    }
}
