package io.tickwire.gateway.support;

import static io.tickwire.gateway.support.StreamClient.TIMEOUT;
import static org.awaitility.Awaitility.await;

import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.StreamRequest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The real gateway on a random port, fed by a {@link ManualQuoteFeed}, with timers short enough to
 * watch: a heartbeat after {@value #HEARTBEAT_MS} ms idle, a protocol ping after {@value #PING_MS} ms
 * of peer silence and a close after {@value #IDLE_TIMEOUT_MS} ms; and a server {@code maxRate}
 * limit of {@value #MAX_RATE}/s. One Spring context serves every subclass, so each test quotes
 * symbols of its own: {@code NVDA} ({@link MaxRateTest}), {@code IBM} and the never quoted
 * {@code BRK.B} ({@link HeartbeatTest}), {@code SPY} and {@code QQQ} ({@link PeerLivenessTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "tickwire.client.heartbeat-interval=" + ShortTimersGatewayTest.HEARTBEAT_MS + "ms",
    "tickwire.ws.ping-interval=" + ShortTimersGatewayTest.PING_MS + "ms",
    "tickwire.ws.idle-timeout=" + ShortTimersGatewayTest.IDLE_TIMEOUT_MS + "ms",
    "tickwire.client.max-rate=" + ShortTimersGatewayTest.MAX_RATE})
@Import(ManualFeedConfiguration.class)
abstract class ShortTimersGatewayTest {

    static final int HEARTBEAT_MS = 200;
    static final int PING_MS = 200;
    static final int IDLE_TIMEOUT_MS = 800;
    static final int MAX_RATE = 100;

    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(HEARTBEAT_MS);
    static final Duration PING_INTERVAL = Duration.ofMillis(PING_MS);
    static final Duration IDLE_TIMEOUT = Duration.ofMillis(IDLE_TIMEOUT_MS);

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    @Autowired
    QuoteHub hub;

    @BeforeEach
    void noClientIsLeftFromAnotherTest() {
        await().atMost(TIMEOUT).until(() -> hub.connections(Transport.WS) == 0
                && hub.connections(Transport.SSE) == 0 && hub.subscriptions() == 0);
    }

    StreamClient open(Transport transport, StreamRequest request) {
        return StreamClient.open(transport, port, request, feed::lastSeq);
    }
}
