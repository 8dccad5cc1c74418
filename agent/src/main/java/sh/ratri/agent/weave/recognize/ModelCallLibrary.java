package sh.ratri.agent.weave.recognize;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import sh.ratri.agent.timeline.LlmReader;

/**
 * A library whose methods make model calls (a provider SDK, a framework's chat model), known by
 * class and method names: the agent never depends on it.
 */
interface ModelCallLibrary {

    /**
     * Whether the class being loaded may declare a model-call method. Asked of every class the JVM
     * loads, before anything is parsed: a name or a byte string, nothing more.
     *
     * @param internalName the class's name with slashes
     */
    boolean mayDeclare(String internalName, byte[] classFile);

    /** Whether a class loaded before the agent attached may declare one: by default, by its name. */
    default boolean mayDeclare(Class<?> loaded) {
        return mayDeclare(loaded.getName().replace('.', '/'), null);
    }

    /** The reader of {@code method}'s calls when it is a model-call method of {@code type}; else null. */
    LlmReader readerOf(TypeDescription type, MethodDescription method);
}
