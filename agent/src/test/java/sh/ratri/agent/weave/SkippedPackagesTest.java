package sh.ratri.agent.weave;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SkippedPackagesTest {

    @Test
    void platformTypesAreSkippedWhetherSpelledWithDotsOrSlashes() {
        assertThat(SkippedPackages.isPlatform("java.util.List")).isTrue();
        assertThat(SkippedPackages.isPlatform("java/util/List")).isTrue();
        assertThat(SkippedPackages.isPlatform("kotlin/jvm/functions/Function0")).isTrue();
        assertThat(SkippedPackages.isPlatform("scala.Function1")).isTrue();
        assertThat(SkippedPackages.isPlatform("javafx.scene.Node")).isFalse();
        assertThat(SkippedPackages.isPlatform("com.acme.java.Orchestrator")).isFalse();
    }

    @Test
    void theAgentByteBuddyAndComSunAreNeverWovenButApplicationsAre() {
        assertThat(SkippedPackages.isNeverWoven("sh/ratri/agent/timeline/Timeline")).isTrue();
        assertThat(SkippedPackages.isNeverWoven("net.bytebuddy.ByteBuddy")).isTrue();
        assertThat(SkippedPackages.isNeverWoven("com.sun.net.httpserver.HttpServer")).isTrue();
        assertThat(SkippedPackages.isNeverWoven("sh.ratri.examples.SupportOps")).isFalse();
        assertThat(SkippedPackages.isNeverWoven("com/acme/Orchestrator")).isFalse();
    }
}
