package sh.ratri.agent.weave;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyClassesTest {

    @Test
    void frameworkProxyAndMockSubclassesAreRecognisedByName() {
        for (String name : List.of("com.acme.Worker$$SpringCGLIB$$0", "com.acme.Worker$$EnhancerBySpringCGLIB$$1a2b",
                "com.acme.Worker$$EnhancerByGuice$$3", "com.acme.Worker$ByteBuddy$Xy12", "com/acme/Order$HibernateProxy$k9",
                "com.acme.Worker$MockitoMock$123", "com.acme.Order_$$_jvst1a_0", "com.acme.Worker$$Proxy")) {
            assertThat(ProxyClasses.isForwardingProxy(name, List.of())).as(name).isTrue();
        }
    }

    @Test
    void classesJavacScalaAndKotlinNameAreNot() {
        for (String name : List.of("com.acme.Worker", "com.acme.Worker$1", "com.acme.Worker$Inner",
                "com.acme.Worker$$anon$1", "com.acme.Worker$special$$inlined$map$1", "com.acme.$Proxy")) {
            assertThat(ProxyClasses.isForwardingProxy(name, List.of())).as(name).isFalse();
        }
    }

    @Test
    void aClassImplementingAFrameworkProxyInterfaceIsAForwardingProxy() {
        assertThat(ProxyClasses.isForwardingProxy("jdk.proxy2.$Proxy41",
                List.of("com.acme.Worker", "org.springframework.aop.SpringProxy"))).isTrue();
        assertThat(ProxyClasses.isForwardingProxy("com.acme.Order",
                List.of("org/hibernate/proxy/HibernateProxy"))).isTrue();
        assertThat(ProxyClasses.isForwardingProxy("jdk.proxy2.$Proxy41", List.of("com.acme.Assistant"))).isFalse();
    }

    @Test
    void jdkProxiesAreRecognisedByNameThenBySuperclass() {
        assertThat(ProxyClasses.mayBeJdkProxy("jdk/proxy2/$Proxy12")).isTrue();
        assertThat(ProxyClasses.mayBeJdkProxy("com.sun.proxy.$Proxy3")).isTrue();
        assertThat(ProxyClasses.mayBeJdkProxy("com.acme.$Proxy7")).isTrue();
        assertThat(ProxyClasses.mayBeJdkProxy("jdk.internal.misc.Unsafe")).isFalse();
        assertThat(ProxyClasses.isJdkProxy("java/lang/reflect/Proxy")).isTrue();
        assertThat(ProxyClasses.isJdkProxy("java.lang.Object")).isFalse();
        assertThat(ProxyClasses.isJdkProxy(null)).isFalse();
    }
}
