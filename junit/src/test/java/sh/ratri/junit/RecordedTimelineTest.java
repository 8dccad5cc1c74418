package sh.ratri.junit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fluent API over hand-made events: token totals, globs, and failure messages. */
class RecordedTimelineTest {

    private final List<Map<String, Object>> events = new ArrayList<>();
    private final RecordedTimeline timeline = new RecordedTimeline(new RecordedTimeline.Source() {
        @Override
        public List<Map<String, Object>> events() {
            return events;
        }

        @Override
        public long lost() {
            return 0;
        }
    });

    @Test
    void sumsTheTokensOfEveryModelCall() {
        events.add(event("llm.ended", Map.of("status", "completed", "inputTokens", 1200, "outputTokens", 80)));
        events.add(event("llm.ended", Map.of("status", "completed", "inputTokens", 300L, "outputTokens", 20)));
        events.add(event("llm.ended", Map.of("status", "failed")));

        Tokens tokens = timeline.tokens();
        assertThat(tokens.input()).isEqualTo(1500);
        assertThat(tokens.output()).isEqualTo(100);
        assertThat(tokens.calls()).isEqualTo(3);
        tokens.assertTotalAtMost(1600);
        assertThatThrownBy(() -> tokens.assertTotalAtMost(1000))
                .hasMessage("expected at most 1000 tokens, the test's 3 model calls used 1600 (1500 in, 100 out)");
    }

    @Test
    void matchesToolNamesByGlob() {
        assertThat(Glob.matches("deploy.*", "deploy.production")).isTrue();
        assertThat(Glob.matches("*.refund", "payments.refund")).isTrue();
        assertThat(Glob.matches("a*b*c", "axxbyyc")).isTrue();
        assertThat(Glob.matches("a*b*c", "axxcyyb")).isFalse();
        assertThat(Glob.matches("deploy.*", "redeploy.x")).isFalse();
        assertThat(Glob.matches("git.push", "git.pushed")).isFalse();
        assertThat(Glob.matches("ab*ba", "aba")).isFalse();
    }

    @Test
    void pairsEachToolCallWithItsEndAndDecision() {
        Map<String, Object> decision = event("policy.decision",
                Map.of("decision", "flag", "rule", "tool-not-declared", "tool", "crm.delete", "reason", "…"));
        decision.put("toolCallId", "t1");
        events.add(decision);
        Map<String, Object> started = event("tool.started", Map.of("tool", Map.of("name", "crm.delete", "riskLevel", "high"),
                "action", Map.of("type", "execute", "name", "crm.delete")));
        started.put("toolCallId", "t1");
        events.add(started);
        Map<String, Object> ended = event("tool.ended", Map.of("status", "failed", "durationMs", 1.5,
                "error", Map.of("type", "java.lang.IllegalStateException", "message", "gone")));
        ended.put("toolCallId", "t1");
        events.add(ended);

        ToolCalls.Call call = timeline.tools("crm.*").withRisk("high").withStatus("failed").single();
        assertThat(call.error()).isEqualTo("java.lang.IllegalStateException: gone");
        assertThat(call.decision().decision()).isEqualTo("flag");
        assertThat(call.run()).isNull();
        timeline.policyDecisions().withRule("tool-not-declared").forTool("crm.*").assertCount(1);
        assertThatThrownBy(() -> timeline.tools().assertNone())
                .hasMessageStartingWith("expected no tool calls, found 1: [crm.delete risk=high failed policy=flag");
    }

    private static Map<String, Object> event(String type, Map<String, Object> attributes) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("sessionId", "s1");
        event.put("attributes", attributes);
        return event;
    }
}
