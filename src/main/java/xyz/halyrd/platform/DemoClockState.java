package xyz.halyrd.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the demo's simulated time stands, kept across restarts: when the demo began (its market is a function of
 * that moment and the seed) and the time a restart resumes from — always ahead of every time the clock has given
 * out, so simulated time never runs backwards, not even after a {@code kill -9}.
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

    Instant beganAt() {
        return beganAt;
    }

    Instant resumeAt() {
        return resumeAt;
    }
}
