package sh.ratri.agent.weave;

import java.util.List;

/**
 * Classes generated at run time to stand in for another object. A framework's proxy or mock
 * subclass (Spring CGLIB, Byte Buddy, Hibernate, Mockito, Weld, Guice…) inherits the annotations of
 * the class it extends but forwards each call to the real method, which is woven itself: weaving
 * the proxy too would record every call twice, and a proxy has no parameter names for templates.
 * So those are never woven. A JDK dynamic proxy ({@code java.lang.reflect.Proxy}) of an annotated
 * interface often has no implementation behind it (LangChain4j AI services): its methods are woven,
 * as the call. Names may be spelled with dots or slashes.
 */
public final class ProxyClasses {

    /** Parts of the names that proxy and mock generators give their classes. */
    private static final List<String> GENERATED_NAME_PARTS = List.of(
            "$$SpringCGLIB$$", "$$EnhancerBy", "$$FastClassBy", "$$_javassist", "$$_jvst", "$$_Weld", "$$Lambda",
            "$HibernateProxy$", "$MockitoMock$", "$ByteBuddy$");
    /** Interfaces that only generated proxies implement. */
    private static final List<String> PROXY_INTERFACES = List.of(
            "org.springframework.aop.SpringProxy", "org.springframework.cglib.proxy.Factory",
            "net.sf.cglib.proxy.Factory", "org.hibernate.proxy.HibernateProxy",
            "org.hibernate.proxy.ProxyConfiguration", "javassist.util.proxy.ProxyObject",
            "org.mockito.internal.creation.bytebuddy.MockAccess", "org.jboss.weld.bean.proxy.ProxyObject",
            "io.quarkus.arc.Subclass", "io.quarkus.arc.ClientProxy", "io.micronaut.aop.Intercepted");
    private static final String JDK_PROXY = "java.lang.reflect.Proxy";

    private ProxyClasses() {
    }

    /**
     * A class a framework generated to forward to another: named by a known generator, any name
     * with {@code $$} in it (which javac never makes; Scala's {@code $$anon} and Kotlin's
     * {@code $$inlined} classes aside), or implementing an interface only proxies implement.
     */
    static boolean isForwardingProxy(String name, List<String> interfaces) {
        for (String part : GENERATED_NAME_PARTS) {
            if (name.contains(part)) {
                return true;
            }
        }
        int doubleDollar = name.indexOf("$$");
        if (doubleDollar >= 0 && !name.startsWith("anon", doubleDollar + 2)
                && !name.startsWith("inlined", doubleDollar + 2)) {
            return true;
        }
        for (String iface : interfaces) {
            if (PROXY_INTERFACES.contains(iface.replace('/', '.'))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a class of this name may be a JDK dynamic proxy ({@code $Proxy12}), before reading its bytes. */
    public static boolean mayBeJdkProxy(String name) {
        int simple = Math.max(name.lastIndexOf('/'), name.lastIndexOf('.')) + 1;
        return name.startsWith("$Proxy", simple);
    }

    /** A JDK dynamic proxy class: one that extends {@code java.lang.reflect.Proxy}. */
    public static boolean isJdkProxy(String superName) {
        return superName != null && superName.replace('/', '.').equals(JDK_PROXY);
    }
}
