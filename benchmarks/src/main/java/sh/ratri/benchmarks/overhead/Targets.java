package sh.ratri.benchmarks.overhead;

import org.openjdk.jmh.annotations.CompilerControl;
import sh.ratri.annotations.Action;
import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Handoff;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

/**
 * One method per annotation kind and an identical un-annotated one. None is inlined into the
 * benchmark loop, so the baseline pays the same call as the traced ones and only the advice differs.
 */
public class Targets {

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public String plain(String value) {
        return value;
    }

    @Session(kind = "bench", inputSummary = "overhead")
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public String session(String value) {
        return value;
    }

    @Run(stepKey = "run", stepName = "Run")
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public String run(String value) {
        return value;
    }

    @ChildRun(stepKey = "child", stepName = "Child")
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public String childRun(String value) {
        return value;
    }

    @WorkflowStep(stepKey = "step", stepName = "Step")
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public String step(String value) {
        return value;
    }

    @Tool(name = "bench.tool", action = @Action(type = "execute"))
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public String tool(String value) {
        return value;
    }

    @Handoff(reason = "bench handoff")
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public String handoff(String value) {
        return value;
    }
}
