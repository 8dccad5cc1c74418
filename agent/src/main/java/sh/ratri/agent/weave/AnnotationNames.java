package sh.ratri.agent.weave;

import java.util.Set;

/**
 * The annotation types, by name: matching names rather than classes lets any version of the
 * annotations jar, in any class loader, be woven.
 */
public final class AnnotationNames {

    public static final String SESSION = "sh.ratri.annotations.Session";
    public static final String RUN = "sh.ratri.annotations.Run";
    public static final String CHILD_RUN = "sh.ratri.annotations.ChildRun";
    public static final String WORKFLOW_STEP = "sh.ratri.annotations.WorkflowStep";
    public static final String TOOL = "sh.ratri.annotations.Tool";
    public static final String HANDOFF = "sh.ratri.annotations.Handoff";

    public static final Set<String> ALL = Set.of(SESSION, RUN, CHILD_RUN, WORKFLOW_STEP, TOOL, HANDOFF);

    private AnnotationNames() {
    }
}
