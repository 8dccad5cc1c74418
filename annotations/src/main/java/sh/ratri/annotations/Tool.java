package sh.ratri.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a tool call of the current run for the duration of the method.
 *
 * <pre>{@code
 * @Tool(name = "support.compose_reply", riskLevel = RiskLevel.LOW,
 *       action = @Action(type = "write", name = "support.compose_reply"),
 *       resource = @Resource(type = "work_item", externalId = "{ticketId}"))
 * String composeReply(String ticketId) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {
    /** Tool name; empty means {@code SimpleClassName.method}. */
    String name() default "";

    RiskLevel riskLevel() default RiskLevel.LOW;

    Action action() default @Action;

    /** No resource unless {@code type} is set. */
    Resource resource() default @Resource;
}
