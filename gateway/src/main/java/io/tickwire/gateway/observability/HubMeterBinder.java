package io.tickwire.gateway.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;

/** Gauges read from the hub at scrape time: connections per transport, the feed's silence, subscriptions. */
public final class HubMeterBinder implements MeterBinder {

    private final QuoteHub hub;

    public HubMeterBinder(QuoteHub hub) {
        this.hub = hub;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Transport t : Transport.values()) {
            Gauge.builder(MetricNames.CONNECTIONS, hub, h -> h.connections(t))
                    .tag(MetricNames.TRANSPORT, t.tag())
                    .description("Open client connections")
                    .register(registry);
        }
        Gauge.builder(MetricNames.FEED_LAST_QUOTE_AGE, hub, h -> h.lastQuoteAge().toNanos() / 1e9)
                .baseUnit("seconds")
                .description("Time since the hub accepted its last quote from the feed")
                .register(registry);
        Gauge.builder(MetricNames.SUBSCRIPTIONS, hub, QuoteHub::subscriptions)
                .description("(client, symbol) subscriptions held by the hub")
                .register(registry);
    }
}
