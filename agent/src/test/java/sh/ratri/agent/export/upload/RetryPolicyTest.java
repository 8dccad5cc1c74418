package sh.ratri.agent.export.upload;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void successIsDeliveredServerTroubleAndThrottlingAreRetriedOtherClientErrorsAreRejected() {
        assertThat(RetryPolicy.verdict(200)).isEqualTo(RetryPolicy.Verdict.DELIVERED);
        assertThat(RetryPolicy.verdict(202)).isEqualTo(RetryPolicy.Verdict.DELIVERED);
        assertThat(RetryPolicy.verdict(500)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.verdict(503)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.verdict(408)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.verdict(429)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.verdict(400)).isEqualTo(RetryPolicy.Verdict.REJECTED);
        assertThat(RetryPolicy.verdict(401)).isEqualTo(RetryPolicy.Verdict.REJECTED);
        assertThat(RetryPolicy.verdict(404)).isEqualTo(RetryPolicy.Verdict.REJECTED);
        assertThat(RetryPolicy.verdict(413)).isEqualTo(RetryPolicy.Verdict.REJECTED);
    }

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheMaximum() {
        RetryPolicy noJitter = new RetryPolicy(100, 1_000, () -> 1.0);
        assertThat(noJitter.delayMillis(1, null, NOW)).isEqualTo(100);
        assertThat(noJitter.delayMillis(2, null, NOW)).isEqualTo(200);
        assertThat(noJitter.delayMillis(3, null, NOW)).isEqualTo(400);
        assertThat(noJitter.delayMillis(4, null, NOW)).isEqualTo(800);
        assertThat(noJitter.delayMillis(5, null, NOW)).isEqualTo(1_000);
        assertThat(noJitter.delayMillis(500, null, NOW)).isEqualTo(1_000);
    }

    @Test
    void jitterTakesOffAtMostHalf() {
        assertThat(new RetryPolicy(100, 1_000, () -> 0.0).delayMillis(3, null, NOW)).isEqualTo(200);
        assertThat(new RetryPolicy(100, 1_000, () -> 0.5).delayMillis(3, null, NOW)).isEqualTo(300);
    }

    @Test
    void retryAfterInSecondsWinsOverBackoff() {
        RetryPolicy policy = new RetryPolicy(100, 1_000, () -> 1.0);
        assertThat(policy.delayMillis(1, "3", NOW)).isEqualTo(3_000);
        assertThat(policy.delayMillis(1, " 0 ", NOW)).isZero();
    }

    @Test
    void retryAfterAsHttpDateIsTheTimeUntilThen() {
        RetryPolicy policy = new RetryPolicy(100, 1_000, () -> 1.0);
        assertThat(policy.delayMillis(1, "Wed, 25 Nov 2026 10:00:07 GMT", NOW)).isEqualTo(7_000);
        assertThat(policy.delayMillis(1, "Wed, 25 Nov 2026 09:59:00 GMT", NOW)).isZero();
    }

    @Test
    void unreadableRetryAfterFallsBackToBackoffAndHugeOnesAreCapped() {
        RetryPolicy policy = new RetryPolicy(100, 1_000, () -> 1.0);
        assertThat(policy.delayMillis(2, "soon", NOW)).isEqualTo(200);
        assertThat(policy.delayMillis(1, "86400", NOW)).isEqualTo(RetryPolicy.MAX_RETRY_AFTER_MILLIS);
        assertThat(policy.delayMillis(1, "99999999999999999999", NOW)).isEqualTo(RetryPolicy.MAX_RETRY_AFTER_MILLIS);
    }
}
