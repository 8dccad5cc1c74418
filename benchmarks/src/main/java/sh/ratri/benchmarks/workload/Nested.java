package sh.ratri.benchmarks.workload;

import co.elastic.apm.api.CaptureSpan;
import co.elastic.apm.api.CaptureTransaction;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

/**
 * Five nested methods: session → run → step → child run → tool. Each carries a Ratri annotation,
 * OpenTelemetry's {@code @WithSpan} and Elastic APM's {@code @CaptureTransaction} (the top one) or
 * {@code @CaptureSpan} (the nested ones, which Elastic records only inside a transaction), so the same
 * bytes are traced by whichever agent is attached or by none. Each agent ignores the others'
 * annotations, except that Elastic also honours {@code @WithSpan}: {@code compare.sh} turns that off.
 */
public class Nested implements Calls {

    @Override
    @Session(kind = "workload")
    @WithSpan
    @CaptureTransaction
    public String session(int i) {
        return run(i);
    }

    @Run(stepKey = "run", stepName = "Run", stepIndex = 0)
    @WithSpan
    @CaptureSpan
    public String run(int i) {
        return step(i);
    }

    @WorkflowStep(stepKey = "step", stepName = "Step", stepIndex = 1)
    @WithSpan
    @CaptureSpan
    public String step(int i) {
        return childRun(i);
    }

    @ChildRun(stepKey = "child-run", stepName = "Child run", stepIndex = 2)
    @WithSpan
    @CaptureSpan
    public String childRun(int i) {
        return tool(i);
    }

    @Tool(name = "workload.tool")
    @WithSpan
    @CaptureSpan
    public String tool(int i) {
        return Replies.of(i);
    }
}
