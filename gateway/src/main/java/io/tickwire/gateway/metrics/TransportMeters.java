package io.tickwire.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one transport, handed to each of its connections' mailboxes.
 *
 * @param sent                    messages (quotes, replies, heartbeats) handed to the network
 * @param conflated               quotes replaced by a newer one of their symbol before they left
 * @param slowConsumerDisconnects clients closed by the {@code disconnect} slow-consumer policy
 * @param deliveryLatency         each quote's time from its {@code ts} to being handed to the network
 */
public record TransportMeters(Counter sent, Counter conflated, Counter slowConsumerDisconnects,
                              Timer deliveryLatency) {
}
