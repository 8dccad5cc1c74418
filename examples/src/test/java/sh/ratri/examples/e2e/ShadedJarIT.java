package sh.ratri.examples.e2e;

import org.junit.jupiter.api.Test;
import sh.ratri.examples.support.ForkedJvm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded agent jar leaves out SnakeYAML's emitter and Jackson's FastDoubleParser (agent/pom.xml
 * says why): the agent's own readers and writer, loaded from the real jar alone, still read every
 * YAML and JSON value they did and write numbers as before, without touching what was left out.
 */
class ShadedJarIT {

    private static final String SHADED = "sh/ratri/agent/shaded/";

    @Test
    void theJarHoldsNeitherTheYamlEmitterNorTheFastNumberParser() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.agentJar().toFile())) {
            List<String> leftOut = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(name -> name.startsWith(SHADED + "org/yaml/snakeyaml/emitter/")
                            || name.startsWith(SHADED + "org/yaml/snakeyaml/serializer/")
                            || name.contains("/jackson/core/internal/shaded/fdp/"))
                    .toList();
            assertThat(leftOut).isEmpty();
            assertThat(jar.getEntry(SHADED + "org/yaml/snakeyaml/parser/ParserImpl.class")).isNotNull();
        }
    }

    @Test
    void yamlFilesAreReadAndTheirErrorsPlacedWithTheShadedJarAlone() throws Exception {
        try (URLClassLoader agent = agentOnly()) {
            Object read = call(agent, "sh.ratri.agent.json.YamlText", "read", """
                    agents:
                      release-bot:
                        tools: [build.compile, 'test.run', {name: deploy.production, approval: true}]
                    hex: 0x1F
                    grouped: 1_000_000
                    price: 1_000.25
                    wide: %s
                    """.formatted("7".repeat(60)));
            assertThat(read).hasToString("{agents={release-bot={tools=[build.compile, test.run, "
                    + "{name=deploy.production, approval=true}]}}, hex=31, grouped=1000000, price=1000.25, wide="
                    + "7".repeat(60) + "}");

            Throwable malformed = thrownBy(agent, "sh.ratri.agent.json.YamlText", "read", "a: [1, 2\nb: :");
            Method describe = describe(agent);
            assertThat(describe.invoke(null, malformed))
                    .isEqualTo("line 2, column 2: expected ',' or ']', but got : (while parsing a flow sequence)");
        }
    }

    @Test
    void jsonNumbersOfEveryAllowedLengthAreReadAndWrittenWithTheShadedJarAlone() throws Exception {
        String longInteger = "9".repeat(990);
        String longFraction = "1." + "3".repeat(900) + "e5";
        try (URLClassLoader agent = agentOnly()) {
            Object read = call(agent, "sh.ratri.agent.json.JsonReader", "read",
                    "{\"int\":" + longInteger + ",\"float\":" + longFraction + ",\"small\":0.1}");
            assertThat(read).hasToString("{int=" + longInteger + ", float=133333.33333333334, small=0.1}");

            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("tenth", 0.1);
            numbers.put("huge", 1.0E300);
            numbers.put("tiny", -3.25e-7);
            numbers.put("count", 5L);
            assertThat(agent.loadClass("sh.ratri.agent.json.JsonWriter").getMethod("compact", Object.class)
                    .invoke(null, numbers)).isEqualTo("{\"tenth\":0.1,\"huge\":1.0E300,\"tiny\":-3.25E-7,\"count\":5}");
        }
    }

    /** The agent jar with nothing of this module's class path behind it (no unshaded Jackson). */
    private static URLClassLoader agentOnly() throws Exception {
        return new URLClassLoader(new URL[] {ForkedJvm.agentJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    private static Object call(ClassLoader agent, String type, String method, String argument) throws Exception {
        try {
            return agent.loadClass(type).getMethod(method, String.class).invoke(null, argument);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private static Throwable thrownBy(ClassLoader agent, String type, String method, String argument) throws Exception {
        try {
            agent.loadClass(type).getMethod(method, String.class).invoke(null, argument);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError(type + "." + method + " read " + argument);
    }

    private static Method describe(ClassLoader agent) throws Exception {
        for (Method method : agent.loadClass("sh.ratri.agent.json.YamlText").getMethods()) {
            if (method.getName().equals("describe")) {
                return method;
            }
        }
        throw new AssertionError("YamlText.describe");
    }
}
