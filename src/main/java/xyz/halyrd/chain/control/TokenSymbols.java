package xyz.halyrd.chain.control;

import java.util.Set;

/**
 * The question the chain component asks the one that knows the tokens: which symbols may {@code halyrd.chain.tokens}
 * name? The chain knows no tokens of its own; the market's universe answers (the market may use the chain, never the
 * reverse).
 */
public interface TokenSymbols {

    /** The upper-case symbols a token contract may be configured for. */
    Set<String> symbols();
}
