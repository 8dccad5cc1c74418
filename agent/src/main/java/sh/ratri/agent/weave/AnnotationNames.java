package sh.ratri.agent.weave;

import java.util.Set;

/**
 * The annotation types, by name: matching names rather than classes lets any version of the
 * annotations jar, in any class loader, be woven.
 */
final class AnnotationNames {

    static final String SESSION = "sh.ratri.annotations.Session";
    static final String RUN = "sh.ratri.annotations.Run";
    static final String CHILD_RUN = "sh.ratri.annotations.ChildRun";
    static final String WORKFLOW_STEP = "sh.ratri.annotations.WorkflowStep";
    static final String TOOL = "sh.ratri.annotations.Tool";
    static final String HANDOFF = "sh.ratri.annotations.Handoff";

    static final Set<String> ALL = Set.of(SESSION, RUN, CHILD_RUN, WORKFLOW_STEP, TOOL, HANDOFF);

    private AnnotationNames() {
    }
}
