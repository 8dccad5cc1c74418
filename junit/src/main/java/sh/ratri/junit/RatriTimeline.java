package sh.ratri.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the annotated test class or method take a {@link RecordedTimeline} parameter: what the
 * test's code recorded under the Ratri agent. The same as {@code @ExtendWith(RatriExtension.class)}.
 *
 * <pre>{@code
 * @RatriTimeline
 * class SupportOpsTest {
 *     @Test
 *     void draftsTheReplyThroughTheWorker(RecordedTimeline timeline) {
 *         new SupportOpsPipeline().handle(ticket);
 *         timeline.handoffs().from("orchestrator").to("response-worker").assertCount(1);
 *         timeline.tools("support.*").withRisk("low").withStatus("completed").assertCount(1);
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RatriExtension.class)
public @interface RatriTimeline {
}
