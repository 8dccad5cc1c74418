package sh.ratri.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens a session for the duration of the method, or joins the session already open on this thread.
 *
 * <pre>{@code
 * @Session(kind = "pipeline", inputSummary = "Handle {ticketId}",
 *          metadata = {"triggerKind=support_escalation"})
 * void handle(String ticketId) { ... }
 * }</pre>
 *
 * String members may hold templates: {@code {paramName}}, {@code {0}} or {@code {param.property}}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Session {
    /** What kind of session this is, e.g. {@code "pipeline"}. */
    String kind() default "session";

    /** A short description of the input; empty for none. */
    String inputSummary() default "";

    /** {@code key=value} pairs recorded as the session's metadata. */
    String[] metadata() default {};
}
