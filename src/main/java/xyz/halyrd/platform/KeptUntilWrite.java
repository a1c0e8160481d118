package xyz.halyrd.platform;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code GET} whose answer is made of committed rows alone — not the clock, not the market, not who asks —
 * so the same request gets the same answer until the next write to the database: {@link KeptAnswers} keeps it until
 * then.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface KeptUntilWrite {
}
