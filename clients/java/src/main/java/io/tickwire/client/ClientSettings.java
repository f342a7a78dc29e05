package io.tickwire.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

/** What a {@link TickwireClient.Builder} was told; {@code tokens} and {@code maxRate} may be {@code null}. */
record ClientSettings(URI base, Transport transport, Supplier<Mono<String>> tokens, Integer maxRate,
                      Duration backoffMin, Duration backoffMax, Duration heartbeatTimeout) {

    /** How far Reactor's jitter may move a delay from its nominal value, as a fraction of it. */
    static final double JITTER = 0.5;

    /**
     * The reconnect policy, Reactor's own: attempt {@code n} in a row waits {@link #nominalDelay(long)}
     * moved by up to half of it either way, never below {@code backoffMin} nor above
     * {@code backoffMax}; forever; the count starts over when the source emits, which a stream
     * makes it do when a link goes live ({@code transientErrors}).
     */
    RetryBackoffSpec reconnects() {
        return Retry.backoff(Long.MAX_VALUE, backoffMin).maxBackoff(backoffMax).jitter(JITTER).transientErrors(true);
    }

    /** Attempt {@code n}'s delay before jitter: {@code min(max, min * 2^n)}, without overflow. */
    Duration nominalDelay(long attempt) {
        int shift = (int) Math.max(0, Math.min(attempt, 62));
        long min = backoffMin.toNanos();
        long max = backoffMax.toNanos();
        return Duration.ofNanos(min > (max >> shift) ? max : Math.min(max, min << shift));
    }
}
