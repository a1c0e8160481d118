package xyz.halyrd.market.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import xyz.halyrd.chain.control.TokenSymbols;
import xyz.halyrd.market.entity.Token;

/** The market's answer to the chain's question of which symbols {@code halyrd.chain.tokens} may name: every {@link Token}. */
@ApplicationScoped
public class TokenUniverse implements TokenSymbols {

    @Override
    public Set<String> symbols() {
        return Token.symbols();
    }
}
