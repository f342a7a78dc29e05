package io.tickwire.gateway.support;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.gateway.hub.QuoteHub;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The real gateway on a random port, fed by a {@link ManualQuoteFeed}. One context serves every
 * subclass, so tests must not depend on the feed's history: each emits what it asserts on.
 * The symbol limit is small so {@code LIMIT_EXCEEDED} is easy to reach.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tickwire.client.max-symbols=5", "tickwire.ws.max-frame-size=64KB"})
@Import(ManualFeedConfiguration.class)
public abstract class ManualFeedGatewayTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected ManualQuoteFeed feed;
    @Autowired
    protected QuoteHub hub;
    @Autowired
    protected MeterRegistry registry;
}
