package xyz.halyrd.chain.entity;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.web3j.protocol.core.methods.response.Log;

/**
 * What became of one signed transaction, as far as the node could tell within the receipt timeout. Only a
 * {@link Status#MINED} outcome moved anything but gas; a {@link Status#REVERTED} one is on chain too and cost its
 * fee; {@link Status#NOT_MINED} is undecided (dropped, or still pending: look it up again by hash, never resend it
 * blindly); {@link Status#REJECTED} never entered the node's pool.
 *
 * @param txHash            the hash of the signed bytes, known even when the node never answered
 * @param blockNumber       null unless mined or reverted, like the receipt fields after it
 * @param effectiveGasPrice wei per gas actually paid (the receipt's, else the signed legacy gas price)
 * @param transfers         the ERC-20 Transfer events of the receipt, in log order: the fill as the chain saw it
 * @param logs              every log of the receipt, for events this type does not decode
 * @param error             the node's words for a rejection or a transport failure, else null
 */
public record TxOutcome(Status status, String txHash, String from, BigInteger nonce, BigInteger gasLimit,
        BigInteger gasPrice, BigInteger blockNumber, BigInteger gasUsed, BigInteger effectiveGasPrice,
        List<Erc20Transfer> transfers, List<Log> logs, String error) {

    public enum Status {
        /** In a block with status 1. */
        MINED,
        /** In a block with status 0: nothing moved, the fee was paid. */
        REVERTED,
        /** No receipt within the timeout: dropped or still pending. */
        NOT_MINED,
        /** The node refused the transaction at submission: not on chain, no fee. */
        REJECTED
    }

    /** One ERC-20 Transfer(from, to, value) event, emitted by {@code token}. */
    public record Erc20Transfer(String token, String from, String to, BigInteger value) {
    }

    public TxOutcome {
        Objects.requireNonNull(status, "status");
        transfers = List.copyOf(transfers);
        logs = List.copyOf(logs);
    }

    public boolean mined() {
        return status == Status.MINED;
    }

    /** Whether the transaction is in a block (mined or reverted), so its nonce is used and its fee paid. */
    public boolean onChain() {
        return status == Status.MINED || status == Status.REVERTED;
    }

    /** The fee in wei, gas used × effective gas price; zero when the transaction is not on chain. */
    public BigInteger fee() {
        return onChain() ? gasUsed.multiply(effectiveGasPrice) : BigInteger.ZERO;
    }

    /** How much of {@code token} the transfers of this receipt paid to {@code address}. */
    public BigInteger received(String token, String address) {
        return transfers.stream()
                .filter(t -> same(t.token(), token) && same(t.to(), address))
                .map(Erc20Transfer::value)
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** How much of {@code token} the transfers of this receipt took from {@code address}. */
    public BigInteger sent(String token, String address) {
        return transfers.stream()
                .filter(t -> same(t.token(), token) && same(t.from(), address))
                .map(Erc20Transfer::value)
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    public static boolean same(String address, String other) {
        return address != null && other != null
                && address.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
    }
}
