package sh.ratri.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requests a handoff from the current run when the method is entered. The first {@link ChildRun}
 * entered inside the method (or on the same method) completes it; leaving the method without one
 * records {@code handoff.failed}.
 *
 * <pre>{@code
 * @Handoff(reason = "Delegate customer response draft",
 *          payloadSummary = {"ticketId={ticketId}", "priority={priority}"})
 * Draft delegate(String ticketId, String priority) { return worker.draftReply(ticketId); }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Handoff {
    /** Why the work is handed over. */
    String reason() default "";

    /** {@code key=value} pairs describing what is handed over; templates allowed. */
    String[] payloadSummary() default {};
}
