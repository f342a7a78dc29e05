package io.tickwire.gateway.observability;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tickwire.feed.Timestamps;
import io.tickwire.feed.redis.RedisFeedStats;
import java.util.Map;

/**
 * The backplane's meters on a node that follows Redis, read from the feed's counters at scrape
 * time; and the link, as health sees it.
 */
public final class RedisFeedMeterBinder implements MeterBinder, FeedLink {

    private final RedisFeedStats stats;

    public RedisFeedMeterBinder(RedisFeedStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(MetricNames.REDIS_QUOTES_READ, stats, RedisFeedStats::quotesRead)
                .description("Quotes read from the cluster's Redis stream").register(registry);
        FunctionCounter.builder(MetricNames.REDIS_RECONNECTS, stats, RedisFeedStats::reconnects)
                .description("Times the node made its Redis connections again after a failure").register(registry);
        FunctionCounter.builder(MetricNames.REDIS_GAPS, stats, RedisFeedStats::gaps)
                .description("Times the stream did not follow on from the node's last entry (trimmed past it, Redis "
                        + "came back empty, or failed over to a replica that missed writes): the latest quotes were "
                        + "read again").register(registry);
        Gauge.builder(MetricNames.REDIS_READ_LAG, stats, RedisFeedMeterBinder::lagSeconds)
                .baseUnit("seconds")
                .description("Now minus the ts of the last quote read from the stream").register(registry);
        Gauge.builder(MetricNames.REDIS_CONNECTED, stats, s -> s.connected() ? 1 : 0)
                .description("1 while the node's Redis connections are up").register(registry);
    }

    private static double lagSeconds(RedisFeedStats s) {
        long ts = s.lastTs();
        return ts == 0 ? 0 : Math.max(0, Timestamps.nowMicros() - ts) / 1e6;
    }

    @Override
    public boolean up() {
        return stats.connected();
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("redisConnected", stats.connected(), "streamPosition", stats.position());
    }
}
