package io.tickwire.gateway.support;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link GatewayTest} with a small symbol limit, so {@code LIMIT_EXCEEDED} is easy to reach, and the
 * default 64 KB frame limit spelled out for the tests that pass it. One context serves every subclass.
 */
@TestPropertySource(properties = {"tickwire.client.max-symbols=5", "tickwire.ws.max-frame-size=64KB"})
public abstract class ManualFeedGatewayTest extends GatewayTest {
}
