package xyz.halyrd.strategy.entity;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import xyz.halyrd.strategy.entity.StrategySpec.Condition;

/**
 * What the strategy says about one token in one cycle, with a plain-English reason carrying the numbers and the
 * conditions that could not be decided for want of data. The reason may be worded only when it is first read: most
 * signals are holds that nobody reads, and a backtest decides millions of them. Equal when token, action, reason and
 * unknown conditions are.
 */
public final class Signal {

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

    private final String token;
    private final Action action;
    private Supplier<String> wording;
    private String reason;
    private Supplier<List<Condition>> finding;
    private List<Condition> unknown;

    public Signal(String token, Action action, String reason, List<Condition> unknown) {
        this(token, action, () -> reason, () -> unknown);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.unknown = List.copyOf(unknown);
    }

    /**
     * A signal whose reason is worded by {@code wording}, and whose undecided conditions are found by
     * {@code finding}, when first read: a rule decided by its first condition leaves the others unread.
     */
    public Signal(String token, Action action, Supplier<String> wording, Supplier<List<Condition>> finding) {
        this.token = Objects.requireNonNull(token, "token");
        this.action = Objects.requireNonNull(action, "action");
        this.wording = Objects.requireNonNull(wording, "wording");
        this.finding = Objects.requireNonNull(finding, "finding");
    }

    public String token() {
        return token;
    }

    public Action action() {
        return action;
    }

    /** The reason in plain English, with the numbers. */
    public String reason() {
        if (reason == null) {
            reason = Objects.requireNonNull(wording.get(), "reason");
            wording = null;
        }
        return reason;
    }

    /** The conditions that could not be decided for want of data. */
    public List<Condition> unknown() {
        if (unknown == null) {
            unknown = List.copyOf(finding.get());
            finding = null;
        }
        return unknown;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Signal that && token.equals(that.token) && action == that.action
                && reason().equals(that.reason()) && unknown().equals(that.unknown());
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, action, reason(), unknown());
    }

    @Override
    public String toString() {
        return "Signal[token=" + token + ", action=" + action + ", reason=" + reason() + ", unknown=" + unknown() + "]";
    }
}
