package io.tickwire.gateway.observability;

import io.tickwire.gateway.hub.QuoteHub;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code /actuator/health}'s {@code feed} component: {@code UP} while quotes flow, {@code DOWN}
 * once the feed has been silent longer than the stall limit or its link (Redis) is down. The
 * details carry the silence and the link, so an operator sees why without a second tool.
 */
public final class FeedHealthIndicator implements HealthIndicator {

    private final QuoteHub hub;
    private final Duration stallLimit;
    private final FeedLink link;

    public FeedHealthIndicator(QuoteHub hub, Duration stallLimit, FeedLink link) {
        this.hub = hub;
        this.stallLimit = stallLimit;
        this.link = link;
    }

    public FeedHealthIndicator(QuoteHub hub, Duration stallLimit) {
        this(hub, stallLimit, FeedLink.NONE);
    }

    @Override
    public Health health() {
        Duration age = hub.lastQuoteAge();
        boolean up = link.up() && age.compareTo(stallLimit) <= 0;
        return (up ? Health.up() : Health.down())
                .withDetail("lastQuoteAgeSeconds", age.toNanos() / 1e9)
                .withDetail("stallLimitSeconds", stallLimit.toNanos() / 1e9)
                .withDetail("latestSeq", hub.latestSeq())
                .withDetails(link.details())
                .build();
    }
}
