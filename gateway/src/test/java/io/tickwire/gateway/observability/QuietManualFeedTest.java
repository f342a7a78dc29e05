package io.tickwire.gateway.observability;

import io.tickwire.gateway.support.GatewayTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link GatewayTest} with no heartbeats (so every message a client gets is one the test caused) and
 * a one-second feed stall limit (so health can be seen to turn).
 */
// Spring Boot turns metrics export off in tests unless asked: these tests read /actuator/prometheus.
@AutoConfigureObservability
@TestPropertySource(properties = {"tickwire.client.heartbeat-interval=0", "tickwire.feed.stall-limit=1s"})
abstract class QuietManualFeedTest extends GatewayTest {
}
