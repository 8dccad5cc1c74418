package sh.ratri.agent.timeline;

/**
 * Gathers a streamed reply as its parts arrive (chunks, events, partial responses), for one call:
 * what the reply said so far, as one {@link LlmResponse}. Parts arrive one at a time, in order.
 */
public interface LlmReplyParts {

    void add(Object part);

    LlmResponse response();
}
