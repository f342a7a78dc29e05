package io.tickwire.gateway.observability;

import java.util.Map;

/**
 * The connection to a feed that lives elsewhere, as health sees it: a node whose link is down
 * serves only what it had, so its feed is {@code DOWN} whatever the quotes' age.
 */
public interface FeedLink {

    /** An in-process feed: no link to lose. */
    FeedLink NONE = new FeedLink() {
        @Override
        public boolean up() {
            return true;
        }

        @Override
        public Map<String, Object> details() {
            return Map.of();
        }
    };

    boolean up();

    /** Shown in the feed component of {@code /actuator/health}. */
    Map<String, Object> details();
}
