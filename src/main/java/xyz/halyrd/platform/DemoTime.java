package xyz.halyrd.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The agent's time. On a real market it is the wall clock. In the demo — the simulated market (the {@code demo}
 * market mode, or {@code halyrd.market.candles=simulated}) at {@code halyrd.market.speed} above 1, the embedded
 * default — the whole agent lives in simulated time, {@code speed} times faster: candles, journal, trades, snapshots,
 * the evaluation window, the cooldown and the UTC days of the risk limits all count market time, so a demo shows in
 * minutes what a week of trading would. The demo's time pauses while Halyrd is stopped and resumes where it was; it never runs backwards.
 * <p>
 * More than one node on one database share the demo's time: the first to start draws the line the time runs on
 * (at this wall time, that demo time) and every node that starts while it runs — while the persisted resume point is
 * ahead of the line — runs on the same line, so a node that takes the trading over goes on at the time the other
 * left off (the nodes' wall clocks need only agree, as for the trading lease).
 */
@Singleton
@Lock(LockType.READ) // the state is set once in start(); the clock extends its own limit under its own lock
public class DemoTime {

    private static final Logger LOG = Logger.getLogger(DemoTime.class.getName());
    /** Wall time the persisted resume point runs ahead of the clock; the clock stops there until it is extended. */
    private static final Duration LEAD = Duration.ofSeconds(20);
    /** How often the resume point is moved on (a quarter of the lead, so a slow round never stops the clock). */
    private static final Duration REFRESH = Duration.ofSeconds(5);

    @PersistenceContext
    EntityManager em;

    @Resource
    TimerService timers;

    @Resource
    SessionContext context;

    /**
     * 5400×: a market hour every two thirds of a second, a day in 16 s, a week in under two minutes — so the demo's
     * opening story plays in its first minute and the six or seven market weeks the default strategy needs to earn
     * "Ready for live" take about a quarter of an hour.
     */
    public static final long DEFAULT_SPEED = 5400;

    @Inject
    @ConfigProperty(name = "halyrd.market.speed", defaultValue = "" + DEFAULT_SPEED)
    long speed;

    /** The market's mode: {@code demo}, the default, is the simulated market's. */
    @Inject
    @ConfigProperty(name = "halyrd.market.mode", defaultValue = "demo")
    String marketMode;

    /** Set, it names the candle source whatever the mode (the market refuses a reference from another market). */
    @Inject
    @ConfigProperty(name = "halyrd.market.candles")
    Optional<String> candleSource;

    private Clock clock;
    private SpedUpClock demo;
    private Instant beganAt;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void start() {
        if (speed < 1) {
            throw new IllegalArgumentException("halyrd.market.speed must be at least 1, was " + speed);
        }
        // Milliseconds: what the database keeps (InstantConverter), so a time read back equals the one written.
        Clock wall = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        boolean simulated = candleSource.map(String::trim).filter(c -> !c.isEmpty()).map("simulated"::equals)
                .orElse("demo".equals(marketMode.trim()));
        if (speed == 1 || !simulated) {
            if (speed > 1) {
                LOG.info("halyrd.market.speed applies to the simulated market only; the agent runs in real time.");
            }
            clock = wall;
            return;
        }
        DemoClockState state = em.find(DemoClockState.class, DemoClockState.ID, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            // a new database, maybe with other nodes starting on it now: the first to lock the table begins the
            // demo, the others wait for its commit and join it
            em.createNativeQuery("LOCK TABLE DEMO_CLOCK IN EXCLUSIVE MODE").executeUpdate();
            state = em.find(DemoClockState.class, DemoClockState.ID, LockModeType.PESSIMISTIC_WRITE);
        }
        if (state == null) {
            state = DemoClockState.began(wall.instant());
            em.persist(state);
        }
        Instant now = wall.instant();
        Instant resumeAt = state.resumeAt();
        Optional<SpedUpClock.Line> running = state.line().filter(l -> l.at(now, speed).isBefore(resumeAt));
        SpedUpClock.Line line;
        if (running.isPresent()) {
            // another node runs the demo (it moved the resume point on within the lead): its time is this node's
            line = running.get();
            LOG.info("Demo: the agent's clock runs " + speed + "x real time on the running nodes' time, now "
                    + line.at(now, speed) + " (the demo began at " + state.beganAt() + ").");
        } else {
            // the first node to start: the demo resumes where it stopped, and the nodes that join run on from there
            line = new SpedUpClock.Line(now, resumeAt);
            state.drawLine(line);
            LOG.info("Demo: the agent's clock runs " + speed + "x real time, resuming at " + resumeAt
                    + " (the demo began at " + state.beganAt() + ").");
        }
        Instant limit = line.at(now, speed).plus(lead());
        state.resumeNoEarlierThan(limit); // committed before anyone reads this clock: the producer waits for start()
        demo = new SpedUpClock(wall, speed, line, limit);
        clock = demo;
        beganAt = state.beganAt();
        timers.createIntervalTimer(REFRESH.toMillis(), REFRESH.toMillis(), new TimerConfig("demo-clock", false));
    }

    /** The clock every component reads (see {@link Platform}). */
    public Clock clock() {
        return clock;
    }

    /** When the demo began, if this is a demo: its simulated market is a function of that moment and the seed. */
    public Optional<Instant> demoBeganAt() {
        return Optional.ofNullable(beganAt);
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void moveResumePoint() {
        Instant limit = demo.instant().plus(lead());
        context.getBusinessObject(DemoTime.class).persistResumePoint(limit);
        demo.extendTo(limit); // only once committed: a crash now resumes no earlier than this
    }

    /**
     * Moves the persisted resume point on to {@code at} (never back); if the nodes' shared line is another than this
     * clock's (a node that started after all others had stopped drew a new one), this clock runs on it from now.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void persistResumePoint(Instant at) {
        DemoClockState state = em.find(DemoClockState.class, DemoClockState.ID, LockModeType.PESSIMISTIC_WRITE);
        state.resumeNoEarlierThan(at);
        state.line().filter(line -> !line.equals(demo.line())).ifPresent(demo::runOn);
    }

    private Duration lead() {
        return LEAD.multipliedBy(speed);
    }
}
