package io.tickwire.gateway.hub;

import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.delivery.DeliveryMeters;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the hub counts; registered elsewhere (the observability package), only incremented here.
 *
 * @param feedQuotes            quotes accepted from the feed
 * @param rejectedUnknownSymbol feed quotes of a symbol the feed did not announce
 * @param rejectedStale         feed quotes whose {@code seq} is not newer than their symbol's latest
 * @param rejectedImprecise     feed quotes with a price off their instrument's tick, or a price or size
 *                              with more decimals than it has
 * @param delivery              the delivery meters of each transport's clients
 */
public record HubMeters(Counter feedQuotes, Counter rejectedUnknownSymbol, Counter rejectedStale,
                        Counter rejectedImprecise, Map<Transport, DeliveryMeters> delivery) {

    public HubMeters {
        delivery = new EnumMap<>(delivery);
        for (Transport t : Transport.values()) {
            if (!delivery.containsKey(t)) {
                throw new IllegalArgumentException("no delivery meters for " + t);
            }
        }
    }
}
