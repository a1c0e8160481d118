package xyz.halyrd.signer.control;

import xyz.halyrd.chain.entity.TxOutcome;
import xyz.halyrd.risk.entity.RiskBlock;

/**
 * What the signer did with a {@link SwapOrder}: refused it ({@code refusal}, nothing sent), or sent an approval if
 * the router's allowance was short (null otherwise) and, once that was mined, the swap (null if the approval was
 * not mined).
 */
public record Signature(RiskBlock refusal, TxOutcome approval, TxOutcome swap) {

    public boolean refused() {
        return refusal != null;
    }
}
