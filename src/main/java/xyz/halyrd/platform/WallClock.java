package xyz.halyrd.platform;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The real time of day, whatever the agent's clock says: for what is compared between processes, such as the trading
 * lease's expiry, which two nodes must read alike. The agent's own {@link java.time.Clock} runs sped up in the demo and
 * a test may move it; a lease counted in that time would expire early on one node and never on another.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE})
public @interface WallClock {
}
