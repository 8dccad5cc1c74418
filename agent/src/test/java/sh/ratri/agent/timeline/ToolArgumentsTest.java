package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolArgumentsTest {

    private static ToolSpec tool(boolean withResource, String... argumentNames) {
        return new ToolSpec(Template.constant("deploy"), "high", Template.constant("deploy"), Template.constant("deploy"),
                withResource ? Template.constant("environment") : null,
                withResource ? Template.constant("prod") : null, argumentNames);
    }

    @Test
    void argumentsAreNameEqualsValueInParameterOrderAfterTheToolsValues() {
        ToolSpec tool = tool(true, "environment", "replicas", "tags");
        String[] values = tool.withArguments(tool.render(null, 512), new Object[] {"prod", 3, new String[] {"a", "b"}}, 512);

        assertThat(values).containsExactly("deploy", "deploy", "deploy", "environment", "prod",
                "environment=prod, replicas=3, tags=[a, b]");
        assertThat(tool.inputSummary(values)).isEqualTo("environment=prod, replicas=3, tags=[a, b]");
        assertThat(tool.recordsArguments()).isTrue();
    }

    @Test
    void summaryStopsOnceMaxCharsIsReachedAndNullArgumentsAreNull() {
        ToolSpec tool = tool(false, "arg0", "arg1", "arg2");
        String[] values = tool.withArguments(tool.render(null, 10), new Object[] {null, "x".repeat(100), "never"}, 10);

        assertThat(tool.inputSummary(values)).startsWith("arg0=null, arg1=").doesNotContain("x").doesNotContain("never");
    }

    @Test
    void aToolWithoutArgumentNamesRecordsNothing() {
        ToolSpec tool = tool(false);

        assertThat(tool.recordsArguments()).isFalse();
        assertThat(tool.inputSummary(tool.render(null, 512))).isNull();
    }
}
