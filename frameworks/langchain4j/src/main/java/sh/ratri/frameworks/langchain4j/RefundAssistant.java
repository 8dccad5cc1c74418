package sh.ratri.frameworks.langchain4j;

/** A plain AI service (no agentic annotation): answers refund requests with the refund tool. */
public interface RefundAssistant {

    String handle(String request);
}
