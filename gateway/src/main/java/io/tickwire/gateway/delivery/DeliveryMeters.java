package io.tickwire.gateway.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * What delivery counts, for the clients of one transport; registered elsewhere (the
 * observability package), only incremented here.
 *
 * @param sent                    messages (quotes, replies, heartbeats) handed to the network
 * @param conflated               quotes replaced by a newer one of their symbol before they left
 * @param slowConsumerDisconnects clients closed by the {@code disconnect} slow-consumer policy
 * @param deliveryLatency         each live quote's time from its {@code ts} to being handed to the network
 */
public record DeliveryMeters(Counter sent, Counter conflated, Counter slowConsumerDisconnects,
                             Timer deliveryLatency) {
}
