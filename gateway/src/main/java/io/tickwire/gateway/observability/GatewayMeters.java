package io.tickwire.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickwire.gateway.delivery.DeliveryMeters;
import io.tickwire.gateway.hub.HubMeters;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.wire.ErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's counters, registered once at startup with every label value they can take, so
 * each series exists (at zero) from the first scrape and the hot path only increments. The hub
 * and delivery get theirs as {@link HubMeters}; the transports count protocol errors here.
 */
public final class GatewayMeters {

    private final HubMeters hub;
    private final Map<ErrorCode, Counter> protocolErrors = new EnumMap<>(ErrorCode.class);
    private final Map<String, Counter> limited = new HashMap<>();
    private final Counter publishedQuotes;
    private final Counter definedInstruments;

    public GatewayMeters(MeterRegistry registry) {
        Map<Transport, DeliveryMeters> delivery = new EnumMap<>(Transport.class);
        for (Transport t : Transport.values()) {
            delivery.put(t, new DeliveryMeters(
                    Counter.builder(MetricNames.MESSAGES_SENT).tag(MetricNames.TRANSPORT, t.tag())
                            .description("Messages (quotes, replies, heartbeats) handed to the network")
                            .register(registry),
                    Counter.builder(MetricNames.MESSAGES_CONFLATED).tag(MetricNames.TRANSPORT, t.tag())
                            .description("Quotes replaced by a newer quote of their symbol before they could be sent")
                            .register(registry),
                    Counter.builder(MetricNames.SLOW_CONSUMER_DISCONNECTS).tag(MetricNames.TRANSPORT, t.tag())
                            .description("Clients disconnected for falling behind (slow-consumer policy 'disconnect')")
                            .register(registry),
                    Timer.builder(MetricNames.DELIVERY_LATENCY).tag(MetricNames.TRANSPORT, t.tag())
                            .description("From a quote's ts to the handing of its bytes to the network")
                            .serviceLevelObjectives(MetricNames.DELIVERY_LATENCY_BUCKETS.toArray(Duration[]::new))
                            .register(registry)));
        }
        hub = new HubMeters(
                Counter.builder(MetricNames.FEED_QUOTES).description("Quotes the hub accepted from the feed")
                        .register(registry),
                rejected(registry, MetricNames.REJECTED_UNKNOWN_SYMBOL),
                rejected(registry, MetricNames.REJECTED_STALE),
                rejected(registry, MetricNames.REJECTED_IMPRECISE),
                delivery);
        for (String reason : MetricNames.LIMIT_REASONS) {
            limited.put(reason, Counter.builder(MetricNames.LIMITED).tag(MetricNames.REASON, reason)
                    .description("Requests and connections refused by a limit").register(registry));
        }
        publishedQuotes = Counter.builder(MetricNames.PUBLISHED_QUOTES)
                .description("Quotes taken by POST /api/publish").register(registry);
        definedInstruments = Counter.builder(MetricNames.DEFINED_INSTRUMENTS)
                .description("Instruments defined or changed by POST /api/instruments").register(registry);
        for (ErrorCode c : ErrorCode.values()) {
            protocolErrors.put(c, Counter.builder(MetricNames.PROTOCOL_ERRORS).tag(MetricNames.CODE, c.name())
                    .description("Client requests answered with an error").register(registry));
        }
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder(MetricNames.FEED_QUOTES_REJECTED).tag(MetricNames.REASON, reason)
                .description("Quotes from the feed the hub refused").register(registry);
    }

    /** The hub's and delivery's meters. */
    public HubMeters hub() {
        return hub;
    }

    /** Quotes a publish request published. */
    public void published(int quotes) {
        publishedQuotes.increment(quotes);
    }

    /** Instruments a define request defined. */
    public void defined(int instruments) {
        definedInstruments.increment(instruments);
    }

    public void protocolError(ErrorCode code) {
        protocolErrors.get(code).increment();
    }

    /** A refusal by a limit; {@code reason} is one of {@link MetricNames#LIMIT_REASONS}. */
    public void limited(String reason) {
        limited.get(reason).increment();
    }
}
