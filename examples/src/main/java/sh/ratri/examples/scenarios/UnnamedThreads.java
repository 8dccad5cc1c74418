package sh.ratri.examples.scenarios;

import sh.ratri.annotations.Run;
import sh.ratri.annotations.Session;
import sh.ratri.annotations.Tool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Tools on threads without a name: a platform thread named "" and, on JDK 21+, a virtual thread
 * (they have no name by default). Prints each thread's id, for the test to find in the events.
 */
public class UnnamedThreads {

    @Session(kind = "unnamed-threads")
    @Run(stepKey = "spawner")
    @SuppressWarnings("deprecation") // Thread.getId(): threadId() is JDK 19+, the examples run on 17
    public String run(boolean virtualThreads) throws Throwable {
        Thread platform = new Thread(this::whoAmI, "");
        platform.start();
        platform.join();
        String ids = "platform " + platform.getId();
        if (virtualThreads) {
            Object builder = MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
            Thread virtual = (Thread) MethodHandles.publicLookup().findVirtual(builder.getClass().getInterfaces()[0]
                    .getInterfaces()[0], "start", MethodType.methodType(Thread.class, Runnable.class))
                    .invoke(builder, (Runnable) this::whoAmI);
            virtual.join();
            ids += ", virtual " + virtual.getId();
        }
        return ids;
    }

    @Tool(name = "who.am.i")
    public String whoAmI() {
        return Thread.currentThread().toString();
    }
}
