package sh.ratri.annotations;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a {@link Tool} does, e.g. {@code @Action(type = "write", name = "support.compose_reply")}.
 * Used only as a member of {@link Tool}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Action {
    /** {@code read}, {@code write}, {@code execute} or a custom verb. */
    String type() default "execute";

    /** Empty means the tool's name. */
    String name() default "";
}
