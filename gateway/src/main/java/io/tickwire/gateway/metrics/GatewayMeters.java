package io.tickwire.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.transport.ErrorCode;
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
    private final Map<Transport, Counter> sent = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> conflated = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> slowConsumerDisconnects = new EnumMap<>(Transport.class);
    private final Map<ErrorCode, Counter> protocolErrors = new EnumMap<>(ErrorCode.class);

    public GatewayMeters(MeterRegistry registry) {
        feedQuotes = Counter.builder(MetricNames.FEED_QUOTES)
                .description("Quotes the hub accepted from the feed").register(registry);
        rejectedUnknownSymbol = rejected(registry, MetricNames.REJECTED_UNKNOWN_SYMBOL);
        rejectedStale = rejected(registry, MetricNames.REJECTED_STALE);
        for (Transport t : Transport.values()) {
            sent.put(t, Counter.builder(MetricNames.MESSAGES_SENT).tag(MetricNames.TRANSPORT, t.tag())
                    .description("Messages (quotes, replies, heartbeats) handed to the network").register(registry));
            conflated.put(t, Counter.builder(MetricNames.MESSAGES_CONFLATED).tag(MetricNames.TRANSPORT, t.tag())
                    .description("Quotes replaced by a newer quote of their symbol before they could be sent")
                    .register(registry));
            slowConsumerDisconnects.put(t, Counter.builder(MetricNames.SLOW_CONSUMER_DISCONNECTS)
                    .tag(MetricNames.TRANSPORT, t.tag())
                    .description("Clients disconnected for falling behind (slow-consumer policy 'disconnect')")
                    .register(registry));
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

    public Counter sent(Transport t) {
        return sent.get(t);
    }

    public Counter conflated(Transport t) {
        return conflated.get(t);
    }

    public Counter slowConsumerDisconnects(Transport t) {
        return slowConsumerDisconnects.get(t);
    }

    public void protocolError(ErrorCode code) {
        protocolErrors.get(code).increment();
    }
}
