package sh.ratri.annotations;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a {@link Tool} acts on, e.g. {@code @Resource(type = "work_item", externalId = "{ticketId}")}.
 * An empty type means no resource. Used only as a member of {@link Tool}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Resource {
    /** Kind of resource; empty means the tool acts on no resource. */
    String type() default "";

    /** The resource's id in its own system; templates allowed. */
    String externalId() default "";
}
