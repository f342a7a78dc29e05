package io.tickwire.system.security;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.testing.WebSocketHorde;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mass resets: ten thousand WebSockets, held by a process of their own ({@link WebSocketHorde}),
 * reset by the kernel at the same instant. The gateway keeps no connection and no subscription of
 * them. The other hostile clients, one socket at a time, are the gateway's {@code security.HostileClientsTest}.
 */
class ResetStormTest extends ManualFeedGatewayTest {

    private static final Duration GONE = PATIENCE;

    @Test
    void tenThousandConnectionsResetAtOnceLeaveNoConnectionAndNoSubscription(@TempDir Path dir) {
        try (WebSocketHorde horde = WebSocketHorde.open(port, 10_000,
                "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"SPY\"]}", dir)) {
            await().atMost(Duration.ofSeconds(90)).failFast("the horde's process ended", () -> !horde.isAlive())
                    .until(() -> hub.subscriptions() == 30_000);
            assertThat(hub.connections(Transport.WS)).isEqualTo(10_000);
            horde.resetAll();
            await().atMost(GONE).until(() -> hub.connections(Transport.WS) == 0 && hub.subscriptions() == 0);
        }
    }
}
