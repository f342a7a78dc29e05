package io.tickwire.gateway.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the simulator with a {@link ManualQuoteFeed} the test drives. */
@TestConfiguration(proxyBeanMethods = false)
public class ManualFeedConfiguration {

    public static final String[] SYMBOLS = {
        "AAPL", "MSFT", "TSLA", "NVDA", "SPY", "QQQ", "AMD", "BRK.B", "IBM", "F"};

    @Bean
    @Primary
    ManualQuoteFeed manualQuoteFeed() {
        return new ManualQuoteFeed(SYMBOLS);
    }
}
