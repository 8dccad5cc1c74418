package sh.ratri.agent.export.upload;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * Decides what an HTTP answer means for a batch and how long to wait before trying it again:
 * exponential backoff with jitter, or the server's {@code Retry-After} when it gave one.
 */
public final class RetryPolicy {

    /** What becomes of a batch after one attempt. */
    public enum Verdict { DELIVERED, RETRY, REJECTED }

    /** A server may ask for long pauses; past this we try anyway (the batch is safe on disk). */
    static final long MAX_RETRY_AFTER_MILLIS = Duration.ofMinutes(5).toMillis();

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    public RetryPolicy(long initialMillis, long maxMillis, DoubleSupplier random) {
        this.initialMillis = Math.max(1, initialMillis);
        this.maxMillis = Math.max(this.initialMillis, maxMillis);
        this.random = random;
    }

    /** 2xx delivered; 408, 429 and 5xx are worth retrying; any other answer will not change. */
    public static Verdict verdict(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Verdict.RETRY;
        }
        return Verdict.REJECTED;
    }

    /**
     * How long to wait after the {@code failures}-th failure in a row (1 = the first): the server's
     * {@code Retry-After} when present and readable, else {@code initial·2^(failures-1)} capped at
     * the maximum, of which a random half is taken off so that many JVMs do not retry in step.
     */
    public long delayMillis(int failures, String retryAfter, Instant now) {
        OptionalLong asked = retryAfterMillis(retryAfter, now);
        if (asked.isPresent()) {
            return Math.min(asked.getAsLong(), MAX_RETRY_AFTER_MILLIS);
        }
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        long exponential = Math.min(maxMillis, initialMillis << doublings);
        return exponential / 2 + (long) (random.getAsDouble() * (exponential - exponential / 2));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 §10.2.3); empty when absent or unreadable. */
    static OptionalLong retryAfterMillis(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return OptionalLong.of(Math.multiplyExact(Long.parseLong(value), 1000L));
            } catch (ArithmeticException | NumberFormatException e) {
                return OptionalLong.of(MAX_RETRY_AFTER_MILLIS);
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return OptionalLong.of(Math.max(0, Duration.between(now, at).toMillis()));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }
}
