package xyz.halyrd.journal.entity;

/**
 * What a journal entry records: every type the application writes, by its wire name — the entry's {@code type} in
 * JSON and on the stream, its {@code ENTRY_TYPE} column, and what {@code ?type=} filters on. An entry's first tag is
 * its type. The same list stands in {@code META-INF/openapi.yaml} ({@code JournalType}) and docs/api.md.
 */
public enum JournalType {

    /** Each start of the server: the database it runs on, the agent's status and phase. */
    SERVER_START,

    /** The first start on an empty database created the seed agent. */
    AGENT_CREATED,

    /**
     * A new config version: the initial one, a changed evaluation config or watchlist, or a run ended early by the
     * kill switch or a demotion (a fresh run of the same configuration starts).
     */
    CONFIG_CHANGE,

    /** A fill, paper or live, buy or sell: size, price, fees and, on a sell, the realised pnl. */
    EXECUTED,

    /**
     * A decision not to trade: the QuoteVerifier refused a quote, or the cycle passed on an entry (no data, the
     * regime filter, the fee filter, too many positions, not enough cash, equity unknown). Once per reason and token
     * until the reason changes.
     */
    SKIPPED,

    /** The Risk Engine vetoed an entry before it reached the executor. */
    RISK_VETO,

    /** A drawdown limit was breached: the daily budget used up, or the max drawdown that fails the paper run. */
    RISK_BREACH,

    /** The signing layer (TWAK) refused a live order against its own policy; nothing was sent. */
    TWAK_BLOCK,

    /** A lifecycle transition (PAPER, ELIGIBLE, LIVE, DEMOTED), with its cause. */
    STATUS_CHANGE,

    /** The kill switch revoked the signing session. */
    KILL,

    /** A person provisioned a new signing session after the kill switch. */
    SIGNER_SESSION,

    /**
     * No live order this time, though paper acted: live is not available, locked by a reconciliation mismatch, the
     * wallet holds no USDT, or the live execution failed.
     */
    LIVE_SKIPPED,

    /** A live transaction (a swap, or a router approval: an order's or the promotion's) reverted or was not mined. */
    LIVE_TX_FAILED,

    /** The live positions and the wallet disagree: live is locked until they agree again. */
    RECONCILE_MISMATCH,

    /** The live positions and the wallet agree again after a mismatch: live is unlocked. */
    RECONCILED,

    /** The ERC-8004 identity registration: sent and pending, failed, or registered. */
    IDENTITY,

    /** A turn or snapshot of the cycle failed unexpectedly; the next one runs as usual. */
    CYCLE_FAILED
}
