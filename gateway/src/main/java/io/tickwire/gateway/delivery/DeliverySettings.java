package io.tickwire.gateway.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How each client's mailbox behaves.
 *
 * @param maxBatch      messages per outbound batch (one WebSocket frame, one SSE write)
 * @param policy        what happens to a client that does not keep up
 * @param queueSize     quotes one client may have waiting: beyond, it lags ({@link SlowConsumerPolicy#CONFLATE})
 *                      or is closed ({@link SlowConsumerPolicy#DISCONNECT})
 * @param conflateAfter under {@link SlowConsumerPolicy#CONFLATE}, a client whose oldest waiting quote is
 *                      this much older than a new one lags
 * @param placeRoom     room beyond {@code queueSize} for quotes placed by {@code seq} (snapshots,
 *                      throttled releases: at most one per symbol), so the most symbols a client may hold
 */
public record DeliverySettings(int maxBatch, SlowConsumerPolicy policy, int queueSize, Duration conflateAfter,
                               int placeRoom) {

    public DeliverySettings {
        if (maxBatch < 1 || queueSize < 1 || placeRoom < 0) {
            throw new IllegalArgumentException("maxBatch and queueSize must be >= 1, placeRoom >= 0: "
                    + maxBatch + ", " + queueSize + ", " + placeRoom);
        }
        Objects.requireNonNull(policy, "policy");
        if (conflateAfter.isNegative()) {
            throw new IllegalArgumentException("conflateAfter must not be negative: " + conflateAfter);
        }
    }
}
