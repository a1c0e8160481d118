package xyz.halyrd.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the demo's simulated time stands, kept across restarts: when the demo began (its market is a function of
 * that moment and the seed) and the time a restart resumes from — always ahead of every time the clock has given
 * out, so simulated time never runs backwards, not even after a {@code kill -9} — and the line the running nodes
 * share: every node of a cluster reads the demo's time from the same line, so a node that takes over trading goes on
 * from where the other left off, never from hours before.
 */
@Entity
@Table(name = "DEMO_CLOCK")
public class DemoClockState {

    static final String ID = "demo";

    @Id
    @Column(name = "ID", length = 16, updatable = false)
    private String id;

    @Column(name = "BEGAN_AT", nullable = false, updatable = false)
    private Instant beganAt;

    @Column(name = "RESUME_AT", nullable = false)
    private Instant resumeAt;

    /** The running nodes' line: at this wall time the demo's time was {@link #lineAt} (null before the first). */
    @Column(name = "LINE_WALL")
    private Instant lineWall;

    @Column(name = "LINE_AT")
    private Instant lineAt;

    protected DemoClockState() {
    }

    static DemoClockState began(Instant at) {
        DemoClockState state = new DemoClockState();
        state.id = ID;
        state.beganAt = Objects.requireNonNull(at);
        state.resumeAt = at;
        return state;
    }

    /** Moves the resume point forward to {@code at}; never back. */
    void resumeNoEarlierThan(Instant at) {
        if (at.isAfter(resumeAt)) {
            resumeAt = at;
        }
    }

    /** The line the running nodes share, if one was drawn. */
    Optional<SpedUpClock.Line> line() {
        return lineWall == null || lineAt == null ? Optional.empty()
                : Optional.of(new SpedUpClock.Line(lineWall, lineAt));
    }

    /** The line the nodes run on from now; the first node to start after all were stopped draws it. */
    void drawLine(SpedUpClock.Line line) {
        lineWall = line.wall();
        lineAt = line.at();
    }

    Instant beganAt() {
        return beganAt;
    }

    Instant resumeAt() {
        return resumeAt;
    }
}
