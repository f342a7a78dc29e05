package io.tickwire.gateway.support;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.simulator.FeedSimulator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Flux;

/** The real simulator, seen through a feed that counts how often it is subscribed to. */
@TestConfiguration(proxyBeanMethods = false)
public class CountingFeedConfiguration {

    /** A {@link QuoteFeed} decorator counting subscriptions. */
    public static final class CountingFeed implements QuoteFeed {
        private final QuoteFeed delegate;
        private final AtomicInteger subscriptions = new AtomicInteger();

        CountingFeed(QuoteFeed delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Instrument> instruments() {
            return delegate.instruments();
        }

        @Override
        public Flux<FeedEvent> events() {
            return delegate.events().doOnSubscribe(s -> subscriptions.incrementAndGet());
        }

        public int subscriptions() {
            return subscriptions.get();
        }
    }

    @Bean
    @Primary
    CountingFeed countingFeed(FeedSimulator simulator) {
        return new CountingFeed(simulator);
    }
}
