package sh.ratri.agent.bootstrap;

import java.util.Collections;
import java.util.Map;

/**
 * What the {@link Bridge} answers before the agent's runtime is installed: nothing is traced, every
 * call runs as if it were not woven, and the explicit API records nothing.
 */
final class NoRuntime implements Bridge.Dispatcher, Bridge.ExplicitCalls {

    static final NoRuntime INSTANCE = new NoRuntime();

    private NoRuntime() {
    }

    @Override
    public Object enter(int callSite, Object receiver, Object[] arguments) {
        return null;
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0) {
        return null;
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1) {
        return null;
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2) {
        return null;
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                        Object argument3) {
        return null;
    }

    @Override
    public Object enter(int callSite, Object receiver, Object argument0, Object argument1, Object argument2,
                        Object argument3, Object argument4) {
        return null;
    }

    @Override
    public void exit(Object scope, Object returned, Throwable thrown) {
    }

    @Override
    public Object exitPublisher(Object scope, Object returned, Throwable thrown) {
        return returned;
    }

    @Override
    public Object capture() {
        return null;
    }

    @Override
    public Object attach(Object context) {
        return null;
    }

    @Override
    public void detach(Object previous) {
    }

    @Override
    public Object enterSuspend(int callSite, Object[] arguments) {
        return null;
    }

    @Override
    public void exitSuspend(Object scope, Object returned, Throwable thrown) {
    }

    @Override
    public void suspendedCallEnded(Object call, Object returned, Throwable thrown) {
    }

    @Override
    public Object coroutineContext() {
        return null;
    }

    @Override
    public Object coroutineThreadState() {
        return null;
    }

    @Override
    public void coroutineSwitch(Object contextOrState) {
    }

    @Override
    public Object llmEnter(int reader, Object receiver, Object[] arguments) {
        return null;
    }

    @Override
    public Object[] llmArguments(Object scope, Object[] arguments) {
        return arguments;
    }

    @Override
    public Object llmExit(Object scope, Object returned, Throwable thrown) {
        return returned;
    }

    @Override
    public Object testStarted(Object test) {
        return null;
    }

    @Override
    public void testEnded(Object scope, Object ending, Throwable thrown) {
    }

    @Override
    public Object session(String kind, String inputSummary, String[] metadataPairs) {
        return null;
    }

    @Override
    public Object run(String stepKey, String stepName, int stepIndex, String role) {
        return null;
    }

    @Override
    public Object childRun(String stepKey, String stepName, int stepIndex, String role) {
        return null;
    }

    @Override
    public Object workflowStep(String stepKey, String stepName, int stepIndex) {
        return null;
    }

    @Override
    public Object tool(String name, String riskLevel, String actionType, String actionName, String resourceType,
                       String externalId) {
        return null;
    }

    @Override
    public String handoffRequested(String reason, String[] payloadPairs) {
        return null;
    }

    @Override
    public boolean handoffCompleted() {
        return false;
    }

    @Override
    public String currentSessionId() {
        return null;
    }

    @Override
    public String currentRunId() {
        return null;
    }

    @Override
    public void setOutputSummary(String summary) {
    }

    @Override
    public void addAttribute(String key, String value) {
    }

    @Override
    public boolean declareCapabilities(String json) {
        return false;
    }

    @Override
    public Object startRecording() {
        return "the Ratri agent is not running in this JVM";
    }

    @Override
    public Map<String, Object> readRecording(Object recording, boolean stop) {
        return Collections.emptyMap();
    }
}
