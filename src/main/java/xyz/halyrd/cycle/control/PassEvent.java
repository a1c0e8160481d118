package xyz.halyrd.cycle.control;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

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

    @Label("Fills")
    @Description("How many fills the pass booked (entries and exits)")
    int fills;

    @Label("CPU time")
    @Description("The pass's thread's own CPU time: the rest of its duration it waited (the database's log, a lock, the"
            + " processor)")
    @Timespan(Timespan.NANOSECONDS)
    long cpuTime;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long cpuAtBegin;

    /** Begins the pass's timing, and its CPU time's while recorded. */
    void start() {
        begin();
        if (isEnabled()) {
            cpuAtBegin = THREADS.getCurrentThreadCpuTime();
        }
    }

    /** Ends it on the thread that started it. */
    void finish() {
        if (isEnabled()) {
            cpuTime = THREADS.getCurrentThreadCpuTime() - cpuAtBegin;
        }
        commit();
    }
}
