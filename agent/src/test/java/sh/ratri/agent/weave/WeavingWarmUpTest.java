package sh.ratri.agent.weave;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WeavingWarmUpTest {

    @Test
    void theThrowAwayWeaveWeavesTheCallSiteAdviceIntoTheAgentsOwnAdviceClass() {
        byte[] woven = WeavingWarmUp.weaveOnce();

        // a weave that failed would be swallowed and warm nothing up: it must really inline the advice
        String constants = new String(woven, StandardCharsets.ISO_8859_1);
        assertThat(constants).contains("sh/ratri/agent/bootstrap/Bridge").contains("enter");
    }

    @Test
    void theFirstWeaveWaitsUntilTheWarmUpHasEnded() {
        WeavingWarmUp.start();

        WeavingWarmUp.await();

        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().equals("ratri-weaving-warm-up") && thread.isAlive());
    }
}
