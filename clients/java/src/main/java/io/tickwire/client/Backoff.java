package io.tickwire.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt {@code n} (from 0) waits a random time in
 * {@code [b/2, b]} where {@code b = min(max, min * 2^n)}. The jitter spreads the reconnects of many
 * clients that lost the same node, so they do not land on the next one at the same instant.
 */
final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    Backoff(Duration min, Duration max) {
        this(min, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With {@code random} giving values in {@code [0, 1)}. */
    Backoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before attempt {@code attempt} (0 for the first retry after a link is lost). */
    Duration delay(int attempt) {
        long ceiling = ceiling(attempt);
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** {@code min(max, min * 2^attempt)}, without overflow. */
    long ceiling(int attempt) {
        int shift = Math.max(0, Math.min(attempt, 62));
        return minNanos > (maxNanos >> shift) ? maxNanos : Math.min(maxNanos, minNanos << shift);
    }
}
