package sh.ratri.frameworks.springai;

import com.openai.client.OpenAIClient;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.method.MethodToolCallbackProvider;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One planner run: ChatClient calls (blocking, streamed, failing), Spring AI tool calls, a model over the OpenAI SDK. */
final class TripPlanner {

    private final ChatClient chat = ChatClient.create(new ScriptedChatModel());
    private final Map<String, ToolCallback> tools = Arrays.stream(
                    MethodToolCallbackProvider.builder().toolObjects(new TravelTools()).build().getToolCallbacks())
            .collect(Collectors.toMap(tool -> tool.getToolDefinition().name(), Function.identity()));
    private final OpenAiSdkChatModel openai;

    TripPlanner(OpenAIClient openai) {
        this.openai = new OpenAiSdkChatModel(openai);
    }

    @Session(kind = "spring-ai", inputSummary = "Plan a trip to {0}")
    @Run(stepKey = "planner", stepName = "Planner")
    void plan(String city) {
        System.out.println("call: " + chat.prompt().user("How do I get to " + city + "?").call().content());
        System.out.println("stream: " + String.join("", chat.prompt().user("Weather?").stream().content()
                .collectList().block()));
        try {
            chat.prompt().user("Please fail").call().content();
        } catch (IllegalStateException e) {
            System.out.println("call failed: " + e.getMessage());
        }
        System.out.println("tools: " + tools.keySet().stream().sorted().toList());
        System.out.println("weather: " + tools.get("weather.lookup").call("{\"city\":\"" + city + "\"}"));
        System.out.println("trains: " + tools.get("trains").call("{\"from\":\"Paris\",\"to\":\"" + city + "\"}"));
        System.out.println("reserve: " + tools.get("booking.reserve").call("{\"train\":\"TGV 6601\"}"));
        try {
            tools.get("cancel").call("{\"booking\":\"B-7\"}");
        } catch (RuntimeException e) {
            System.out.println("cancel failed: " + e.getClass().getSimpleName());
        }
        System.out.println("openai: " + openai.call("Say hello"));
    }
}
