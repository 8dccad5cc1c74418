package sh.ratri.agent.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {

    @Test
    void starMatchesAnyRunIncludingNone() {
        assertThat(new Glob("deploy.*").matches("deploy.production")).isTrue();
        assertThat(new Glob("deploy.*").matches("deploy.")).isTrue();
        assertThat(new Glob("deploy.*").matches("deploy")).isFalse();
        assertThat(new Glob("*").matches("")).isTrue();
        assertThat(new Glob("*.prod").matches("eu.prod")).isTrue();
        assertThat(new Glob("*.prod").matches("eu.prod.x")).isFalse();
        assertThat(new Glob("a*b*c").matches("abc")).isTrue();
        assertThat(new Glob("a*b*c").matches("a-b-b-c")).isTrue();
        assertThat(new Glob("a*b*c").matches("acb")).isFalse();
        assertThat(new Glob("ab*ba").matches("aba")).isFalse();
        assertThat(new Glob("*x*").matches("yxy")).isTrue();
    }

    @Test
    void withoutStarItIsEquality() {
        assertThat(new Glob("git.log").matches("git.log")).isTrue();
        assertThat(new Glob("git.log").matches("git.logs")).isFalse();
        assertThat(new Glob("").matches("")).isTrue();
        assertThat(new Glob("").matches("x")).isFalse();
    }

    @Test
    void regexCharactersAreLiteral() {
        assertThat(new Glob("a.c").matches("abc")).isFalse();
        assertThat(new Glob("(x)+").matches("(x)+")).isTrue();
    }

    @Test
    void resourcePatternsMatchTypeAloneOrTypeAndId() {
        assertThat(new ResourcePattern("environment").matches("environment", "anything")).isTrue();
        assertThat(new ResourcePattern("environment:prod*").matches("environment", "production")).isTrue();
        assertThat(new ResourcePattern("environment:prod*").matches("environment", "staging")).isFalse();
        assertThat(new ResourcePattern("environment:prod*").matches("bucket", "production")).isFalse();
        assertThat(new ResourcePattern("env*:eu-*").matches("environment", "eu-west")).isTrue();
    }
}
