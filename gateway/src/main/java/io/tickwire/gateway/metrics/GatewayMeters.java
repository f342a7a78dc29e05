package io.tickwire.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.transport.ErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The gateway's counters, registered once at startup with every label value they can take, so
 * each series exists (at zero) from the first scrape and the hot path only increments.
 */
public final class GatewayMeters {

    private final Counter feedQuotes;
    private final Counter rejectedUnknownSymbol;
    private final Counter rejectedStale;
    private final Map<Transport, TransportMeters> transports = new EnumMap<>(Transport.class);
    private final Map<ErrorCode, Counter> protocolErrors = new EnumMap<>(ErrorCode.class);

    public GatewayMeters(MeterRegistry registry) {
        feedQuotes = Counter.builder(MetricNames.FEED_QUOTES)
                .description("Quotes the hub accepted from the feed").register(registry);
        rejectedUnknownSymbol = rejected(registry, MetricNames.REJECTED_UNKNOWN_SYMBOL);
        rejectedStale = rejected(registry, MetricNames.REJECTED_STALE);
        for (Transport t : Transport.values()) {
            transports.put(t, new TransportMeters(
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
        for (ErrorCode c : ErrorCode.values()) {
            protocolErrors.put(c, Counter.builder(MetricNames.PROTOCOL_ERRORS).tag(MetricNames.CODE, c.name())
                    .description("Client requests answered with an error").register(registry));
        }
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder(MetricNames.FEED_QUOTES_REJECTED).tag(MetricNames.REASON, reason)
                .description("Quotes from the feed the hub refused").register(registry);
    }

    public Counter feedQuotes() {
        return feedQuotes;
    }

    public Counter rejectedUnknownSymbol() {
        return rejectedUnknownSymbol;
    }

    public Counter rejectedStale() {
        return rejectedStale;
    }

    public TransportMeters transport(Transport t) {
        return transports.get(t);
    }

    public void protocolError(ErrorCode code) {
        protocolErrors.get(code).increment();
    }
}
