package io.tickwire.gateway.config;

import io.tickwire.gateway.publish.PublishedFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A single node fed only by its users ({@code tickwire.feed.source=http}, PROTOCOL.md §8): its
 * feed is what they post to {@code /api/instruments} and {@code /api/publish}; no simulator, no Redis.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tickwire.feed.source", havingValue = "http")
public class PublishedFeedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PublishedFeedConfiguration.class);

    /** The feed and, the same object, where published quotes go. */
    @Bean
    PublishedFeed publishedFeed(TickwireProperties properties) {
        log.info("HTTP-fed node: quotes come from POST /api/publish, instruments from POST /api/instruments ({})",
                properties.auth().enabled() ? "tokens with a publish list may publish"
                        : properties.publish().enabled() ? "anyone may publish: tickwire.publish.enabled=true"
                        : "closed until tickwire.publish.enabled=true or authentication is on");
        return new PublishedFeed();
    }
}
