package sh.ratri.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records one step of the current run for the duration of the method.
 *
 * <pre>{@code
 * @WorkflowStep(stepKey = "triage-ticket", stepName = "Triage ticket", stepIndex = 1)
 * Priority triage(Ticket ticket) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WorkflowStep {
    /** Stable key; empty means the method name in kebab-case. */
    String stepKey() default "";

    /** Human-readable name; empty means the method name humanised. */
    String stepName() default "";

    /** Sort order in the replay; -1 means the next index in the session. */
    int stepIndex() default -1;
}
