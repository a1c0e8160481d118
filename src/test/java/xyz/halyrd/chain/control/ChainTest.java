package xyz.halyrd.chain.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import xyz.halyrd.chain.entity.TxOutcome;

/** The parts of {@link Chain} that need no node: receipt status, Transfer logs, units and slippage bounds. */
class ChainTest {

    static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String ALICE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    static final String BOB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    @Test
    void receiptStatusIsReadLeniently() {
        for (String ok : List.of("0x1", "0x01", "1", " 0x1 ", "true")) {
            assertTrue(Node.succeeded(receipt(ok, List.of())), ok);
        }
        for (String reverted : List.of("0x0", "0x00", "0x", "0", "false", "garbage")) {
            assertFalse(Node.succeeded(receipt(reverted, List.of())), reverted);
        }
        assertFalse(Node.succeeded(receipt(null, List.of())), "no status and no logs: reverted");
        assertTrue(Node.succeeded(receipt(null, List.of(transfer(TOKEN, ALICE, BOB, BigInteger.TEN)))),
                "no status (pre-Byzantium) but logs: a reverted transaction leaves none");
    }

    @Test
    void erc20TransfersAreTakenFromLogsButErc721MintsAreNot() {
        Log erc20 = transfer(TOKEN, ALICE, BOB, new BigInteger("1500000000000000000"));
        Log erc721 = new Log();
        erc721.setAddress(TOKEN);
        erc721.setTopics(List.of(EventEncoder.encode(Erc20.TRANSFER), topic("0x0"), topic(BOB), topic("0x7")));
        erc721.setData("0x");

        List<TxOutcome.Erc20Transfer> transfers = Erc20.transfers(List.of(erc20, erc721));

        assertEquals(List.of(new TxOutcome.Erc20Transfer(TOKEN, ALICE, BOB, new BigInteger("1500000000000000000"))),
                transfers);
        TxOutcome outcome = new TxOutcome(TxOutcome.Status.MINED, "0xabc", ALICE, BigInteger.ONE, BigInteger.TEN,
                BigInteger.TWO, BigInteger.ONE, BigInteger.valueOf(21_000), BigInteger.valueOf(3), transfers,
                List.of(erc20, erc721), null);
        assertEquals(new BigInteger("1500000000000000000"), outcome.received("0x" + TOKEN.substring(2).toUpperCase(), BOB),
                "addresses compare without regard to case (checksummed or not)");
        assertEquals(new BigInteger("1500000000000000000"), outcome.sent(TOKEN, ALICE));
        assertEquals(BigInteger.ZERO, outcome.received(TOKEN, ALICE));
        assertEquals(BigInteger.valueOf(63_000), outcome.fee());
    }

    @Test
    void amountsConvertExactlyAndSlippageBoundsRoundTowardsSafety() {
        assertEquals(new BigDecimal("1.500000000000000000"), Erc20.toAmount(new BigInteger("1500000000000000000"), 18));
        assertEquals(new BigInteger("2500000"), Erc20.toUnits(new BigDecimal("2.5"), 6, RoundingMode.UNNECESSARY));
        assertEquals(new BigInteger("1"), Erc20.toUnits(new BigDecimal("0.0000019"), 6, RoundingMode.DOWN));
        assertThrows(ArithmeticException.class,
                () -> Erc20.toUnits(new BigDecimal("0.0000019"), 6, RoundingMode.UNNECESSARY));

        assertEquals(BigInteger.valueOf(990), SwapRouter.amountOutMin(BigInteger.valueOf(1000), new BigDecimal("1")));
        assertEquals(BigInteger.valueOf(991), SwapRouter.amountOutMin(BigInteger.valueOf(1001), new BigDecimal("1")),
                "990.99 rounds up: never a looser bound than asked");
        assertEquals(BigInteger.valueOf(1000), SwapRouter.amountOutMin(BigInteger.valueOf(1000), BigDecimal.ZERO));
        assertThrows(IllegalArgumentException.class, () -> SwapRouter.amountOutMin(BigInteger.TEN, new BigDecimal("100")));
        assertThrows(IllegalArgumentException.class, () -> SwapRouter.amountOutMin(BigInteger.TEN, new BigDecimal("-1")));
    }

    @Test
    void rpcUrlsAreNamedWithoutTheirPathOrQuery() {
        assertEquals("https://bsc.example.org", Node.where("https://bsc.example.org/v1/SECRET-API-KEY?key=x"));
        assertEquals("http://127.0.0.1:8545", Node.where("http://127.0.0.1:8545"));
    }

    @Test
    void anOutcomeOffChainCostsNothing() {
        TxOutcome pending = new TxOutcome(TxOutcome.Status.NOT_MINED, "0xabc", ALICE, BigInteger.ONE, BigInteger.TEN,
                BigInteger.TWO, null, null, null, List.of(), List.of(), null);
        assertEquals(BigInteger.ZERO, pending.fee());
        assertFalse(pending.onChain());
    }

    static TransactionReceipt receipt(String status, List<Log> logs) {
        TransactionReceipt receipt = new TransactionReceipt();
        receipt.setStatus(status);
        receipt.setLogs(logs);
        return receipt;
    }

    static Log transfer(String token, String from, String to, BigInteger value) {
        Log log = new Log();
        log.setAddress(token);
        log.setTopics(List.of(EventEncoder.encode(Erc20.TRANSFER), topic(from), topic(to)));
        log.setData(String.format("0x%064x", value));
        return log;
    }

    static String topic(String address) {
        String hex = address.substring(2);
        return "0x" + "0".repeat(64 - hex.length()) + hex;
    }
}
