package sh.ratri.examples.loaders;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An application that brings its own Jackson, OkHttp (with Okio and the Kotlin stdlib) and Byte
 * Buddy, in versions other than the agent's. Reached by reflection only, so the examples compile
 * without them: the test puts them on the class path ({@code target/app-libs/}).
 */
public final class OwnLibraries {

    private OwnLibraries() {
    }

    public static void run() throws Exception {
        System.out.println("jackson " + jackson());
        System.out.println("okhttp " + okHttp());
        System.out.println("kotlin " + Class.forName("kotlin.KotlinVersion").getField("CURRENT").get(null));
        System.out.println("byte-buddy " + byteBuddy());
    }

    private static String jackson() throws Exception {
        Class<?> mapperType = Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
        Object mapper = mapperType.getConstructor().newInstance();
        Map<String, Object> ticket = new LinkedHashMap<>();
        ticket.put("ticketId", "SUP-123");
        ticket.put("priority", "urgent");
        ticket.put("attempts", 2);
        String json = (String) mapperType.getMethod("writeValueAsString", Object.class).invoke(mapper, ticket);
        return mapperType.getMethod("version").invoke(mapper) + " " + json;
    }

    private static String okHttp() throws Exception {
        String version = (String) Class.forName("okhttp3.OkHttp").getField("VERSION").get(null);
        Object client = Class.forName("okhttp3.OkHttpClient").getConstructor().newInstance();
        Object timeout = client.getClass().getMethod("connectTimeoutMillis").invoke(client);
        Class<?> bufferType = Class.forName("okio.Buffer");
        Object buffer = bufferType.getConstructor().newInstance();
        bufferType.getMethod("writeUtf8", String.class).invoke(buffer, "okio works");
        return version + " client connectTimeoutMillis=" + timeout + " " + bufferType.getMethod("readUtf8").invoke(buffer);
    }

    /** Subclasses Object with the application's Byte Buddy, loads the class, and says where Byte Buddy came from. */
    private static String byteBuddy() throws Exception {
        Class<?> byteBuddyType = Class.forName("net.bytebuddy.ByteBuddy");
        Class<?> builderType = Class.forName("net.bytebuddy.dynamic.DynamicType$Builder");
        Class<?> unloadedType = Class.forName("net.bytebuddy.dynamic.DynamicType$Unloaded");
        Class<?> loadedType = Class.forName("net.bytebuddy.dynamic.DynamicType$Loaded");
        Object byteBuddy = byteBuddyType.getConstructor().newInstance();
        Object builder = byteBuddyType.getMethod("subclass", Class.class).invoke(byteBuddy, Object.class);
        builder = builderType.getMethod("name", String.class).invoke(builder, "sh.ratri.examples.owned.Made");
        Object unloaded = builderType.getMethod("make").invoke(builder);
        Method load = unloadedType.getMethod("load", ClassLoader.class);
        Object loaded = load.invoke(unloaded, OwnLibraries.class.getClassLoader());
        Class<?> made = (Class<?>) loadedType.getMethod("getLoaded").invoke(loaded);
        made.getConstructor().newInstance();
        String from = byteBuddyType.getProtectionDomain().getCodeSource().getLocation().getPath();
        return "made " + made.getName() + " extends " + made.getSuperclass().getName()
                + " with Byte Buddy from " + from.substring(from.lastIndexOf('/') + 1);
    }
}
