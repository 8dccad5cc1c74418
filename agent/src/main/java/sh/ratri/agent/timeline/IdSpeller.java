package sh.ratri.agent.timeline;

/** Spells an id made by {@link Ids} as the string the events carry. */
@FunctionalInterface
public interface IdSpeller {
    String spell(long id);
}
