package io.tickwire.gateway.observability;

import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The real gateway on a random port, fed by hand, with no heartbeats (so every message a client
 * gets is one the test caused) and a one-second feed stall limit (so health can be seen to turn).
 */
// Spring Boot turns metrics export off in tests unless asked: these tests read /actuator/prometheus.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tickwire.client.heartbeat-interval=0", "tickwire.feed.stall-limit=1s"})
@Import(ManualFeedConfiguration.class)
abstract class QuietManualFeedTest {

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
}
