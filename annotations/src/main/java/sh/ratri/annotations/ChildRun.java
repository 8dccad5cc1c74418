package sh.ratri.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens a run whose parent is the current run, e.g. a worker agent called by an orchestrator.
 * The first child run entered inside a {@link Handoff} completes that handoff.
 *
 * <pre>{@code
 * @ChildRun(stepKey = "response-worker", stepName = "Response worker", stepIndex = 2)
 * Draft draftReply(Ticket ticket) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChildRun {
    /** Stable key; empty means the method name in kebab-case. */
    String stepKey() default "";

    /** Human-readable name; empty means the method name humanised. */
    String stepName() default "";

    /** Sort order in the replay; -1 means the next index in the session. */
    int stepIndex() default -1;

    /** {@code worker} by default. */
    String role() default "worker";
}
