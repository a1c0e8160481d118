package xyz.halyrd.cycle;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.journal.entity.JournalEntry;
import xyz.halyrd.journal.entity.JournalType;

/**
 * Journal appends per second, each through the real {@link Journal} in its own committed transaction (as a refused
 * quote or a skip is written), on embedded Derby. The clock is the platform's (system time in milliseconds), so ids
 * come out as in production: a new millisecond or a counted-up one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalAppendBenchmark {

    private static final List<String> TAGS = List.of("QUOTE_STALE", "ETH");
    private static final String BODY = "Skipped ETH/USDT: QUOTE_STALE. Quote is 74 s old; bound 60 s.";

    @Param({"memory", "file"})
    public String database;

    private InProcessCycle.Database db;
    private InProcessCycle process;
    private Journal journal;
    private String version;

    @Setup(Level.Trial)
    public void start() {
        db = BenchDatabase.open(database, "journal");
        process = new InProcessCycle(db, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), Map.of());
        journal = process.bean(Journal.class);
        version = process.inTransaction(() -> process.bean(ConfigVersions.class).requireCurrent().id());
    }

    @Benchmark
    public JournalEntry append() {
        return process.inTransaction(() -> journal.append(JournalType.SKIPPED, TAGS, BODY, version));
    }

    @TearDown(Level.Trial)
    public void stop() {
        process.close();
        db.close();
        BenchDatabase.clean();
    }
}
