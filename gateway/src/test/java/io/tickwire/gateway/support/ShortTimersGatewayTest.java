package io.tickwire.gateway.support;

import java.time.Duration;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link GatewayTest} with timers short enough to watch: a heartbeat after {@value #HEARTBEAT_MS} ms
 * idle, a protocol ping after {@value #PING_MS} ms of peer silence and a close after
 * {@value #IDLE_TIMEOUT_MS} ms; and a server {@code maxRate} limit of {@value #MAX_RATE}/s. One
 * Spring context serves every subclass, so each test quotes symbols of its own: {@code NVDA}
 * ({@code delivery.MaxRateTest}), {@code IBM} and the never quoted {@code BRK.B}
 * ({@code delivery.HeartbeatTest}), {@code SPY} and {@code QQQ} ({@code websocket.PeerLivenessTest}).
 */
@TestPropertySource(properties = {
    "tickwire.client.heartbeat-interval=" + ShortTimersGatewayTest.HEARTBEAT_MS + "ms",
    "tickwire.ws.ping-interval=" + ShortTimersGatewayTest.PING_MS + "ms",
    "tickwire.ws.idle-timeout=" + ShortTimersGatewayTest.IDLE_TIMEOUT_MS + "ms",
    "tickwire.client.max-rate=" + ShortTimersGatewayTest.MAX_RATE})
public abstract class ShortTimersGatewayTest extends GatewayTest {

    public static final int HEARTBEAT_MS = 200;
    public static final int PING_MS = 200;
    public static final int IDLE_TIMEOUT_MS = 800;
    public static final int MAX_RATE = 100;

    public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(HEARTBEAT_MS);
    public static final Duration PING_INTERVAL = Duration.ofMillis(PING_MS);
    public static final Duration IDLE_TIMEOUT = Duration.ofMillis(IDLE_TIMEOUT_MS);
}
