package xyz.halyrd;

import java.time.Instant;
import xyz.halyrd.platform.SteppedClock;

/** A clock the test moves by hand. */
public final class MutableClock extends SteppedClock {

    public MutableClock(Instant now) {
        super(now);
    }
}
