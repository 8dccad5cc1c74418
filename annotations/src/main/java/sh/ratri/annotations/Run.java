package sh.ratri.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens a run (one agent's turn of work) in the current session for the duration of the method.
 *
 * <pre>{@code
 * @Run(stepKey = "orchestrator", stepName = "Orchestrator", stepIndex = 0)
 * void orchestrate(Ticket ticket) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Run {
    /** Stable key; empty means the method name in kebab-case. */
    String stepKey() default "";

    /** Human-readable name; empty means the method name humanised. */
    String stepName() default "";

    /** Sort order in the replay; -1 means the next index in the session. */
    int stepIndex() default -1;

    /** {@code orchestrator}, {@code worker} or a custom role. */
    String role() default "orchestrator";
}
