package sh.ratri.agent.timeline;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CallSitesTest {

    private final CallSites callSites = new CallSites();

    private static CallSite site(String where) {
        return new CallSite(where, null, null, null, null, new ToolSpec(Template.constant(where), "low",
                Template.constant("execute"), Template.constant(where), null, null));
    }

    @Test
    void idsIndexTheirCallSites() {
        int a = callSites.register(site("A.a"));
        int b = callSites.register(site("B.b"), getClass().getClassLoader());

        assertThat(a).isNotEqualTo(b);
        assertThat(callSites.get(a).where()).isEqualTo("A.a");
        assertThat(callSites.get(b).where()).isEqualTo("B.b");
        assertThat(callSites.get(-1)).isNull();
        assertThat(callSites.get(1_000_000)).isNull();
        assertThat(callSites.size()).isEqualTo(2);
    }

    @Test
    void callSitesOfACollectedLoaderAreReleasedAndTheirSlotsReused() throws Exception {
        int permanent = callSites.register(site("Kept.forever"));
        Set<Integer> released = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            released.add(callSites.register(site("Gone.m" + i), new URLClassLoader(new URL[0], null)));
        }
        int kept = callSites.register(site("Kept.m"), getClass().getClassLoader());

        awaitRelease(5); // the permanent one, the kept one, and the three whose loaders nobody holds

        assertThat(callSites.size()).isEqualTo(2);
        released.forEach(id -> assertThat(callSites.get(id)).isNull());
        assertThat(callSites.get(permanent).where()).isEqualTo("Kept.forever");
        assertThat(callSites.get(kept).where()).isEqualTo("Kept.m");
        int reused = callSites.register(site("New.m"), getClass().getClassLoader());
        assertThat(released).contains(reused);
        assertThat(callSites.get(reused).where()).isEqualTo("New.m");
    }

    @Test
    void aLoaderStillReachableKeepsItsCallSites() {
        List<ClassLoader> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            URLClassLoader loader = new URLClassLoader(new URL[0], null);
            held.add(loader);
            callSites.register(site("Held.m" + i), loader);
        }
        System.gc();

        assertThat(callSites.size()).isEqualTo(3);
        assertThat(held).hasSize(3);
    }

    private void awaitRelease(int registered) throws InterruptedException {
        for (int attempt = 0; attempt < 50 && callSites.size() == registered; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
    }
}
