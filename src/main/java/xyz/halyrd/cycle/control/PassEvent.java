package xyz.halyrd.cycle.control;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A trading pass as the JDK Flight Recorder sees it, so that a pass can be timed inside the running server (the load
 * harness's stalled-socket trial reads these from a recording); costs nothing while no recording runs.
 */
@Name("xyz.halyrd.TradingPass")
@Label("Trading pass")
@Category("Halyrd")
@Description("One pass of the trading cycle over the watchlist, each token's turn committed, the snapshot if due")
@StackTrace(false)
final class PassEvent extends jdk.jfr.Event {

    @Label("Tokens")
    int tokens;

    @Label("Snapshot taken")
    boolean snapshot;
}
