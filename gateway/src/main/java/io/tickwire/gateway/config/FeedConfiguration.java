package io.tickwire.gateway.config;

import io.tickwire.feed.Timestamps;
import io.tickwire.feed.simulator.FeedConfig;
import io.tickwire.feed.simulator.FeedSimulator;
import io.tickwire.feed.simulator.SymbolUniverse;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded feed, the default ({@code tickwire.feed.source=simulator}): a {@link FeedSimulator} from {@code tickwire.feed.*}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tickwire.feed.source", havingValue = "simulator", matchIfMissing = true)
public class FeedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FeedConfiguration.class);

    @Bean(destroyMethod = "dispose")
    FeedSimulator feedSimulator(TickwireProperties properties) {
        TickwireProperties.Feed feed = properties.feed();
        long seed = feed.seed() != null ? feed.seed() : new SplittableRandom().nextLong();
        SymbolUniverse universe = SymbolUniverse.parse(feed.symbols());
        FeedConfig config = FeedConfig.of(seed)
                .withUniverse(universe)
                .withRate(feed.rate())
                .withZipfExponent(feed.zipfExponent())
                .withTickInterval(feed.tickInterval())
                // seq never goes back, not across a restart either: each start numbers from its clock in µs.
                .withFirstSeq(Timestamps.nowMicros());
        log.info("Simulated feed: {} symbols at {} quotes/s, seed {} (set tickwire.feed.seed={} to replay this market)",
                universe.size(), feed.rate(), seed, seed);
        return new FeedSimulator(config);
    }
}
