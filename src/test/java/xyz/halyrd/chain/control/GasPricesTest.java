package xyz.halyrd.chain.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import xyz.halyrd.chain.control.GasPrices.NativePrice;
import xyz.halyrd.chain.control.GasPrices.Source;

/** Gas in USDT, worked through by hand: wei of the native coin times its USDT price, exactly. */
class GasPricesTest {

    @Test
    void gasInUsdtIsGasUsedTimesTheEffectivePriceTimesOneCoinsPriceExactly() {
        // 104 017 gas × 1.875 gwei = 195 031 875 000 000 wei = 0.000195031875 BNB; at 598.212345678901234567 USDT:
        // 0.000195031875 × 598.212345678901234567 = 0.116670475425904255717416823125, kept to 36 decimals (the
        // wei's 18 and the price's 18): nothing is rounded before the trade books it to 8
        BigInteger wei = BigInteger.valueOf(104_017).multiply(BigInteger.valueOf(1_875_000_000L));
        NativePrice bnb = new NativePrice(new BigDecimal("598.212345678901234567"), Source.ROUTER);
        assertEquals(new BigDecimal("0.116670475425904255717416823125000000"), bnb.usdtOf(wei));
    }

    @Test
    void theSwapEstimateIsTheGasLimitAtTheNodesGasPrice() {
        // 250 000 gas × 1 gwei = 0.00025 BNB; at the configured 600 USDT: 0.15 USDT, the paper model's own estimate
        NativePrice configured = new NativePrice(new BigDecimal("600"), Source.CONFIGURED);
        assertEquals(0, new BigDecimal("0.15").compareTo(
                configured.usdtOf(SwapRouter.SWAP_GAS_PER_HOP.multiply(BigInteger.valueOf(1_000_000_000L)))));
    }

    @Test
    void oneCoinIsTenToTheEighteenWeiAndNothingIsNothing() {
        NativePrice bnb = new NativePrice(new BigDecimal("612.5"), Source.ROUTER);
        assertEquals(0, new BigDecimal("612.5").compareTo(bnb.usdtOf(GasPrices.ONE_NATIVE)));
        assertEquals(0, BigDecimal.ZERO.compareTo(bnb.usdtOf(BigInteger.ZERO)));
    }

    @Test
    void theJournalNamesWhatPricedTheCoin() {
        assertEquals("gas_priced_by: router, 1 BNB = 598.38 USDT",
                new NativePrice(new BigDecimal("598.380"), Source.ROUTER).inWords());
        assertEquals("gas_priced_by: configured, 1 BNB = 600 USDT",
                new NativePrice(new BigDecimal("6E+2"), Source.CONFIGURED).inWords());
    }
}
