package io.tickwire.gateway.hub;

import io.tickwire.gateway.delivery.DeliverySettings;
import io.tickwire.gateway.delivery.SlowConsumerPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timings the hub applies to every client; the delivery part goes to each mailbox ({@link #delivery()}).
 *
 * @param maxSymbolsPerConnection symbols one connection may subscribe to ({@code "*"} counts as all of them)
 * @param maxBatch                messages per outbound batch (one WebSocket frame, one SSE flush)
 * @param maxRate                 the highest {@code maxRate} (quotes per second per symbol) a client may ask
 *                                for, and the rate applied when it asks for none; 0 for no server limit
 * @param slowConsumerPolicy      what happens to a client that does not keep up
 * @param queueSize               quotes one client may have waiting: beyond, it is behind
 *                                ({@link SlowConsumerPolicy#CONFLATE}) or closed ({@link SlowConsumerPolicy#DISCONNECT})
 * @param heartbeatInterval       a streaming client idle this long gets a heartbeat; zero turns them off
 * @param conflateAfter           under {@link SlowConsumerPolicy#CONFLATE}, a client whose oldest waiting
 *                                quote is this much older than a new one is behind, and gets conflated
 */
public record HubSettings(int maxSymbolsPerConnection, int maxBatch, double maxRate,
                          SlowConsumerPolicy slowConsumerPolicy, int queueSize, Duration heartbeatInterval,
                          Duration conflateAfter) {

    public static final int DEFAULT_QUEUE_SIZE = 1024;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONFLATE_AFTER = Duration.ofMillis(50);

    public HubSettings {
        if (maxSymbolsPerConnection < 1 || maxBatch < 1 || queueSize < 1) {
            throw new IllegalArgumentException("limits must be >= 1: " + maxSymbolsPerConnection + ", " + maxBatch
                    + ", " + queueSize);
        }
        if (!(maxRate >= 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("maxRate must be a finite number >= 0, not " + maxRate);
        }
        Objects.requireNonNull(slowConsumerPolicy, "slowConsumerPolicy");
        if (heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("heartbeatInterval must not be negative: " + heartbeatInterval);
        }
        if (conflateAfter.isNegative()) {
            throw new IllegalArgumentException("conflateAfter must not be negative: " + conflateAfter);
        }
    }

    public HubSettings(int maxSymbolsPerConnection, int maxBatch, double maxRate,
                       SlowConsumerPolicy slowConsumerPolicy, int queueSize, Duration heartbeatInterval) {
        this(maxSymbolsPerConnection, maxBatch, maxRate, slowConsumerPolicy, queueSize, heartbeatInterval,
                DEFAULT_CONFLATE_AFTER);
    }

    /** Conflation, no rate limit, default queue and heartbeat. */
    public HubSettings(int maxSymbolsPerConnection, int maxBatch) {
        this(maxSymbolsPerConnection, maxBatch, 0, SlowConsumerPolicy.CONFLATE, DEFAULT_QUEUE_SIZE, DEFAULT_HEARTBEAT);
    }

    public HubSettings withMaxRate(double rate) {
        return new HubSettings(maxSymbolsPerConnection, maxBatch, rate, slowConsumerPolicy, queueSize, heartbeatInterval,
                conflateAfter);
    }

    public HubSettings withSlowConsumerPolicy(SlowConsumerPolicy policy, int size) {
        return new HubSettings(maxSymbolsPerConnection, maxBatch, maxRate, policy, size, heartbeatInterval, conflateAfter);
    }

    public HubSettings withHeartbeatInterval(Duration interval) {
        return new HubSettings(maxSymbolsPerConnection, maxBatch, maxRate, slowConsumerPolicy, queueSize, interval,
                conflateAfter);
    }

    public HubSettings withConflateAfter(Duration after) {
        return new HubSettings(maxSymbolsPerConnection, maxBatch, maxRate, slowConsumerPolicy, queueSize,
                heartbeatInterval, after);
    }

    /** What each client's mailbox works with; a symbol's snapshot or held quote gets room beyond the queue. */
    public DeliverySettings delivery() {
        return new DeliverySettings(maxBatch, slowConsumerPolicy, queueSize, conflateAfter, maxSymbolsPerConnection);
    }

    /**
     * The rate applied to a subscription that asked for {@code requested} quotes per second per
     * symbol (0: no preference): the request capped by {@link #maxRate}; 0 means unthrottled.
     */
    public double applyMaxRate(double requested) {
        if (maxRate == 0) {
            return requested;
        }
        return requested == 0 ? maxRate : Math.min(requested, maxRate);
    }
}
