package sh.ratri.examples.scenarios;

import sh.ratri.annotations.ChildRun;
import sh.ratri.annotations.Resource;
import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * One call is one item, however it reaches the annotated method: an override that only calls
 * {@code super}, a proxy subclass as frameworks generate them (written by hand here, and made with
 * the application's own Byte Buddy when it is on the class path), and JDK dynamic proxies of an
 * annotated interface, with no implementation behind them or forwarding to a woven one. Each case
 * is its own session, so a test counts the items per case.
 */
public class Proxies {

    public static class Lookup {
        @Tool(name = "crm.lookup", resource = @Resource(type = "customer", externalId = "{customerId}"))
        public String lookup(String customerId) {
            return "customer " + customerId;
        }
    }

    /** Overrides only to call super. */
    public static class CachedLookup extends Lookup {
        @Override
        public String lookup(String customerId) {
            return super.lookup(customerId);
        }
    }

    /** Shaped like a framework's proxy: a {@code $$}-named subclass that forwards to a separate target. */
    public static class Lookup$$Proxy extends Lookup {
        private final Lookup target;

        public Lookup$$Proxy(Lookup target) {
            this.target = target;
        }

        @Override
        public String lookup(String customerId) {
            return target.lookup(customerId);
        }
    }

    /** An AI-service-like interface: the annotation is on the interface method only. */
    public interface Assistant {
        @ChildRun(stepKey = "assistant-{topic}", role = "assistant")
        String answer(String topic);
    }

    public static class WovenAssistant implements Assistant {
        @Override
        public String answer(String topic) {
            return "answer about " + topic;
        }
    }

    @Session(kind = "{how}")
    @Run(stepKey = "caller")
    public String call(String how) throws Exception {
        return switch (how) {
            case "super-call" -> new CachedLookup().lookup("C-1");
            case "dollar-proxy" -> new Lookup$$Proxy(new Lookup()).lookup("C-2");
            case "jdk-proxy" -> bareProxy().answer("billing");
            case "jdk-proxy-to-woven" -> forwardingProxy(new WovenAssistant()).answer("refunds");
            case "byte-buddy-named" -> byteBuddySubclass(null).lookup("C-3");
            case "byte-buddy-unnamed" -> byteBuddySubclass("sh.ratri.examples.generated.PlainLookup").lookup("C-4");
            default -> throw new IllegalArgumentException(how);
        };
    }

    /** The cases that need nothing but the JDK. */
    public List<String> all() throws Exception {
        List<String> out = new ArrayList<>();
        for (String how : List.of("super-call", "dollar-proxy", "jdk-proxy", "jdk-proxy-to-woven")) {
            out.add(how + ": " + call(how));
        }
        return out;
    }

    /** The Byte Buddy cases, when the application brings Byte Buddy. */
    public List<String> byteBuddy() throws Exception {
        List<String> out = new ArrayList<>();
        for (String how : List.of("byte-buddy-named", "byte-buddy-unnamed")) {
            out.add(how + ": " + call(how));
        }
        return out;
    }

    private static Assistant bareProxy() {
        return (Assistant) Proxy.newProxyInstance(Assistant.class.getClassLoader(), new Class<?>[] {Assistant.class},
                (proxy, method, args) -> method.getName().equals("answer") ? "model says " + args[0] : null);
    }

    private static Assistant forwardingProxy(Assistant target) {
        return (Assistant) Proxy.newProxyInstance(Assistant.class.getClassLoader(), new Class<?>[] {Assistant.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /**
     * A subclass of {@link Lookup} whose {@code lookup} calls super, made by the application's Byte
     * Buddy (reached by reflection, so this module compiles without it): with Byte Buddy's own naming
     * ({@code …$ByteBuddy$…}) when {@code name} is null, else with a plain name no pattern knows.
     */
    private static Lookup byteBuddySubclass(String name) throws Exception {
        Class<?> byteBuddyType = Class.forName("net.bytebuddy.ByteBuddy");
        Class<?> builderType = Class.forName("net.bytebuddy.dynamic.DynamicType$Builder");
        Class<?> matcherType = Class.forName("net.bytebuddy.matcher.ElementMatcher");
        Class<?> implementationType = Class.forName("net.bytebuddy.implementation.Implementation");
        Object builder = byteBuddyType.getMethod("subclass", Class.class)
                .invoke(byteBuddyType.getConstructor().newInstance(), Lookup.class);
        if (name != null) {
            builder = builderType.getMethod("name", String.class).invoke(builder, name);
        }
        Object named = Class.forName("net.bytebuddy.matcher.ElementMatchers").getMethod("named", String.class)
                .invoke(null, "lookup");
        Object definition = builderType.getMethod("method", matcherType).invoke(builder, named);
        Method intercept = Class.forName("net.bytebuddy.dynamic.DynamicType$Builder$MethodDefinition$ImplementationDefinition")
                .getMethod("intercept", implementationType);
        Object superCall = Class.forName("net.bytebuddy.implementation.SuperMethodCall").getField("INSTANCE").get(null);
        builder = intercept.invoke(definition, superCall);
        Object unloaded = builderType.getMethod("make").invoke(builder);
        Object loaded = Class.forName("net.bytebuddy.dynamic.DynamicType$Unloaded")
                .getMethod("load", ClassLoader.class).invoke(unloaded, Proxies.class.getClassLoader());
        Class<?> made = (Class<?>) Class.forName("net.bytebuddy.dynamic.DynamicType$Loaded").getMethod("getLoaded")
                .invoke(loaded);
        return (Lookup) made.getConstructor().newInstance();
    }
}
