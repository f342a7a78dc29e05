package io.tickwire.feed.redis;

import java.time.Duration;

/**
 * How a {@link RedisQuotePublisher} acknowledges a call: at once (Redis ran it on the primary), or
 * only once {@code WAIT replicas timeout} reports that many replicas hold it, so a failover to
 * one of them keeps it. Redis's replication is asynchronous either way: {@code WAIT} does not make
 * a write that fell short undone, it only tells the publisher (see {@link NotReplicatedException}).
 *
 * @param replicas replicas that must hold a call before it counts as published; 0 for none (no {@code WAIT})
 * @param timeout  how long one {@code WAIT} waits for them (> 0, at most a minute, when {@code replicas} > 0)
 */
public record WaitForReplicas(int replicas, Duration timeout) {

    /** No {@code WAIT}: a call is acknowledged when the primary ran it. */
    public static final WaitForReplicas NONE = new WaitForReplicas(0, Duration.ZERO);

    public WaitForReplicas {
        if (replicas < 0) {
            throw new IllegalArgumentException("wait-replicas must be >= 0, not " + replicas);
        }
        // WAIT n 0 would block the connection for ever: a replica that never answers must not stop publishing.
        if (replicas > 0 && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException("wait-timeout must be > 0 and at most 1 minute, not " + timeout);
        }
    }

    /** Whether calls wait for replicas. */
    public boolean waits() {
        return replicas > 0;
    }
}
