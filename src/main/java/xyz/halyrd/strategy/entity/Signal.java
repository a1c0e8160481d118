package xyz.halyrd.strategy.entity;

import java.util.List;
import java.util.Objects;
import xyz.halyrd.strategy.entity.StrategySpec.Condition;

/**
 * What the strategy says about one token in one cycle, with a plain-English reason carrying the numbers and the
 * conditions that could not be decided for want of data.
 */
public record Signal(String token, Action action, String reason, List<Condition> unknown) {

    public enum Action {
        /** Flat, the entry rule holds and the regime filter is known to be quiet: open a position. */
        ENTER,
        /** In a position and the exit rule holds: sell back to USDT. */
        EXIT,
        /** Nothing to do: flat with the entry rule not met, or in a position with the exit rule not met or undecided. */
        HOLD,
        /** Flat and an entry might be there but data is missing to decide it: passed on, never guessed. */
        SKIP,
        /** Flat and a regime-filter condition holds: no new entries whatever the entry rule says. */
        STAND_ASIDE
    }

    public Signal {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        unknown = List.copyOf(unknown);
    }
}
