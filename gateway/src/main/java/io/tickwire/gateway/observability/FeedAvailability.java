package io.tickwire.gateway.observability;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.QuoteFeed;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import reactor.core.publisher.Flux;

/**
 * Whether this node's feed can serve a new client (PROTOCOL.md §5), which is what readiness and
 * the step-aside gate follow. It cannot while the feed's link is down (a cluster node that lost
 * Redis: {@link FeedLink#up()} false), nor once the feed has ended: with an error, until the feed
 * the hub subscribes to again delivers an event, or completed, for good. A silent feed alone is
 * available: a closed market or a stopped publisher silences every node alike, and refusing every
 * client would help none; {@link FeedHealthIndicator} reports silence, for alerts.
 *
 * <p>As a health indicator (the {@code feedAvailability} component, in the {@code readiness}
 * group) it is {@code UP}, or {@code OUT_OF_SERVICE} with the reason. A change is logged once, when
 * it is first seen, so a node that stays down does not fill the log.
 */
public final class FeedAvailability implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(FeedAvailability.class);

    private final FeedLink link;
    /** Why the feed's subscription ended, or null while it runs. */
    private volatile String ended;
    /** The reason last logged; "" while available. */
    private final AtomicReference<String> logged = new AtomicReference<>("");

    public FeedAvailability(FeedLink link) {
        this.link = link;
    }

    /**
     * {@code feed} as seen by this: the same instruments and events, whose end (error or
     * completion) makes the feed unavailable until its next event. Costs a volatile read an event.
     */
    public QuoteFeed watch(QuoteFeed feed) {
        return new QuoteFeed() {
            @Override
            public List<Instrument> instruments() {
                return feed.instruments();
            }

            @Override
            public Flux<FeedEvent> events() {
                return feed.events()
                        .doOnNext(e -> {
                            if (ended != null) {
                                ended = null;
                            }
                        })
                        .doOnError(e -> ended = "the feed failed (" + e.getClass().getSimpleName() + ")")
                        .doOnComplete(() -> ended = "the feed has ended");
            }
        };
    }

    /** Whether a new client may be served now. */
    public boolean available() {
        return reason() == null;
    }

    /** Why the feed is unavailable, or null if it is available. */
    public String reason() {
        String why = !link.up() ? "its link is down" : ended;
        String before = logged.get();
        String now = why == null ? "" : why;
        if (!before.equals(now) && logged.compareAndSet(before, now)) {
            if (why == null) {
                log.info("Feed available again: this node takes new streams");
            }
            else {
                log.warn("Feed unavailable ({}): new streams are refused with 503 FEED_UNAVAILABLE until it is back",
                        why);
            }
        }
        return why;
    }

    @Override
    public Health health() {
        String why = reason();
        return why == null ? Health.up().build()
                : Health.status(Status.OUT_OF_SERVICE).withDetail("reason", why).build();
    }
}
