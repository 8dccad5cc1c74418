package sh.ratri.examples.scenarios;

import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

/**
 * One session whose run calls a tool as fast as it can, {@code -Dburst.calls=N} times (default
 * 20000): 4 + 2·N events, far more than a tiny queue holds, to check that loss is counted exactly.
 */
public class Burst {

    @Session(kind = "burst")
    public int run(int calls) {
        return worker(calls);
    }

    @Run(stepKey = "burst-worker")
    public int worker(int calls) {
        int sum = 0;
        for (int i = 0; i < calls; i++) {
            sum += tick(i);
        }
        return sum;
    }

    @Tool(name = "burst.tick")
    public int tick(int i) {
        return i & 1;
    }
}
