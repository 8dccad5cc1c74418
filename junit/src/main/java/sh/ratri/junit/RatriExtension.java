package sh.ratri.junit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import sh.ratri.Ratri;

/**
 * Injects a {@link RecordedTimeline} into test methods (and {@code @BeforeEach}/{@code @AfterEach}
 * methods): the events that the test's code emitted under the Ratri agent, read in the same JVM.
 * Recording starts before the test's first {@code @BeforeEach} method and stops after its last
 * {@code @AfterEach}; each test sees only its own session (and the sessions opened inside it), also
 * when tests run in parallel.
 *
 * <p>Needs the agent ({@code -javaagent:ratri-agent.jar}) with JUnit recognition on (the default):
 * without it, a test that asks for a {@code RecordedTimeline} fails with the reason; tests that do
 * not ask run as usual.
 */
public final class RatriExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RatriExtension.class);
    private static final String RECORDING = "recording";
    private static final String PROBLEM = "problem";

    @Override
    public void beforeEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        try {
            store.put(RECORDING, Ratri.recordSession());
        } catch (IllegalStateException notRecording) {
            store.put(PROBLEM, notRecording.getMessage()); // fails the tests that ask for a timeline only
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Ratri.SessionRecording recording = context.getStore(NAMESPACE).remove(RECORDING, Ratri.SessionRecording.class);
        if (recording != null) {
            recording.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RecordedTimeline.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Ratri.SessionRecording recording = store.get(RECORDING, Ratri.SessionRecording.class);
        if (recording == null) {
            String problem = store.get(PROBLEM, String.class);
            if (problem == null) {
                problem = "RecordedTimeline is per test: take it in a @Test, @BeforeEach or @AfterEach method";
            }
            throw new ParameterResolutionException("No RecordedTimeline for " + context.getDisplayName() + ": "
                    + problem + hint(problem));
        }
        return new RecordedTimeline(recording);
    }

    private static String hint(String problem) {
        return problem.contains("no session is open")
                ? " (the agent opens a session per test unless its `recognize` setting leaves out junit)"
                : "";
    }
}
