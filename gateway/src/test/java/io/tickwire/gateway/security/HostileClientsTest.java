package io.tickwire.gateway.security;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.testing.RawSockets;
import io.tickwire.testing.WebSocketHorde;
import io.tickwire.gateway.support.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * What an attacker does with connections rather than requests: half-sent requests, oversized
 * request lines and headers, bursts of opens, clients that stop reading and vanish, mass resets.
 * The gateway answers each as the contract says, keeps serving others, and keeps nothing of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "server.netty.idle-timeout=2s",
    // Above the 20,000 requests of the client that stops reading: its acks fit in the sockets'
    // buffers, so the server reads them all within a second, and a lower limit closes it (1008),
    // at times before the test has seen its subscriptions. Limits are LimitsTest's.
    "tickwire.limits.ops-burst=100000",
    "tickwire.limits.ops-per-second=100000"})
@Import(ManualFeedConfiguration.class)
class HostileClientsTest {

    private static final Duration GONE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    QuoteHub hub;

    @BeforeEach
    void noClientLeftFromAnotherTest() {
        await().atMost(GONE).until(() -> hub.connections(Transport.WS) == 0 && hub.subscriptions() == 0);
    }

    @Test
    void halfSentRequestsAreClosedWithinTheIdleTimeoutWhileARealClientConnects() {
        try (RawSockets slow = RawSockets.sending(port, 2_000, "GET /api/sym")) {
            try (WsClient real = WsClient.connect(port)) {
                real.subscribe("1", symbols("AAPL"));
                real.awaitAck();
            }
            assertThat(slow.awaitClosedByServer(Duration.ofSeconds(15))).isEqualTo(2_000);
        }
    }

    @Test
    void anOverlongRequestLineIs414AndOversizedHeadersAre431() throws IOException {
        assertThat(statusOf("GET /api/symbols?x=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: t\r\n\r\n")).isEqualTo(414);
        assertThat(statusOf("GET /api/symbols HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n"))
                .isEqualTo(431);
        assertThat(statusOf("GET /api/symbols HTTP/1.1\r\nHost: t\r\n\r\n")).isEqualTo(200);
    }

    private int statusOf(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            return Integer.parseInt(new String(head, StandardCharsets.US_ASCII).substring(9, 12));
        }
    }

    @Test
    void aClientThatStopsReadingWhileSendingAndThenVanishesLeavesNothingRegistered() {
        WsClient ws = WsClient.connect(port);
        ws.pauseReading();
        String all = "[\"AAPL\",\"MSFT\",\"TSLA\",\"NVDA\",\"SPY\",\"QQQ\",\"AMD\",\"BRK.B\",\"IBM\",\"F\"]";
        for (int i = 0; i < 20_000; i++) {
            ws.send("{\"op\":\"subscribe\",\"id\":" + i + ",\"symbols\":" + all + "}");
        }
        await().atMost(GONE).until(() -> hub.subscriptions() == 10);
        ws.abort();
        // The reset reaches the server at once: the connection and every registration go with it.
        await().atMost(GONE).until(() -> hub.connections(Transport.WS) == 0 && hub.subscriptions() == 0);
        ws.close();
    }

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
