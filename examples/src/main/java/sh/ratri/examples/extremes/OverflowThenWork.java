package sh.ratri.examples.extremes;

import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;
import sh.ratri.annotations.WorkflowStep;

/**
 * A traced recursion overflows the stack ten times, and the application catches it each time; then
 * a session of ten tool calls is traced. The overflow may strike inside the agent, between claiming
 * a slot of its queue and publishing it: the later session must be exported whole all the same.
 */
public class OverflowThenWork {

    @Session(kind = "overflowing")
    public void overflow() {
        try {
            descend(1);
        } catch (StackOverflowError expected) {
            // the application handles it
        }
    }

    @WorkflowStep(stepKey = "descend")
    public int descend(int depth) {
        return descend(depth + 1) + 1;
    }

    @Session(kind = "after-overflow")
    public int work() {
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += tool(i);
        }
        return sum;
    }

    @Tool(name = "after.tool")
    public int tool(int i) {
        return i;
    }

    public static void main(String[] args) {
        OverflowThenWork app = new OverflowThenWork();
        for (int i = 0; i < 10; i++) {
            app.overflow();
        }
        System.out.println("sum " + app.work());
    }
}
