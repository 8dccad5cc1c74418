package sh.ratri.benchmarks.overhead;

import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;

/**
 * Calls one target {@code n} times inside an open session and run, the context every run, step,
 * tool and handoff has in real use. The session and run it opens cost 1/n per measured call.
 */
public class InRun {

    public enum Kind { PLAIN, RUN, CHILD_RUN, STEP, TOOL, HANDOFF }

    @Session(kind = "bench")
    @Run(stepKey = "bench", stepName = "Bench")
    public String loop(Targets targets, Kind kind, String value, int n) {
        String last = null;
        switch (kind) {
            case PLAIN -> { for (int i = 0; i < n; i++) last = targets.plain(value); }
            case RUN -> { for (int i = 0; i < n; i++) last = targets.run(value); }
            case CHILD_RUN -> { for (int i = 0; i < n; i++) last = targets.childRun(value); }
            case STEP -> { for (int i = 0; i < n; i++) last = targets.step(value); }
            case TOOL -> { for (int i = 0; i < n; i++) last = targets.tool(value); }
            case HANDOFF -> { for (int i = 0; i < n; i++) last = targets.handoff(value); }
        }
        return last;
    }
}
