package io.tickwire.gateway.observability;

import io.tickwire.gateway.hub.QuoteHub;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code /actuator/health}'s {@code feed} component: {@code UP} while quotes flow, {@code DOWN}
 * once the feed has been silent longer than the stall limit. The details carry the silence, so an
 * operator sees how long the feed has been quiet without a second tool.
 */
public final class FeedHealthIndicator implements HealthIndicator {

    private final QuoteHub hub;
    private final Duration stallLimit;

    public FeedHealthIndicator(QuoteHub hub, Duration stallLimit) {
        this.hub = hub;
        this.stallLimit = stallLimit;
    }

    @Override
    public Health health() {
        Duration age = hub.lastQuoteAge();
        Health.Builder health = age.compareTo(stallLimit) > 0 ? Health.down() : Health.up();
        return health.withDetail("lastQuoteAgeSeconds", age.toNanos() / 1e9)
                .withDetail("stallLimitSeconds", stallLimit.toNanos() / 1e9)
                .withDetail("latestSeq", hub.latestSeq())
                .build();
    }
}
