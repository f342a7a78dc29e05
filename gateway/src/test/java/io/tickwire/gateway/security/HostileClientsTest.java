package io.tickwire.gateway.security;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.GatewayTest;
import io.tickwire.gateway.support.WsClient;
import io.tickwire.testing.RawSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * What an attacker does with connections rather than requests: half-sent requests, oversized
 * request lines and headers, bursts of opens, clients that stop reading and vanish. The gateway
 * answers each as the contract says, keeps serving others, and keeps nothing of them. Mass resets,
 * which need a process of their own, are system-tests' {@code ResetStormTest}.
 */
@TestPropertySource(properties = {
    "server.netty.idle-timeout=2s",
    // Above the 20,000 requests of the client that stops reading: its acks fit in the sockets'
    // buffers, so the server reads them all within a second, and a lower limit closes it (1008),
    // at times before the test has seen its subscriptions. Limits are LimitsTest's.
    "tickwire.limits.ops-burst=100000",
    "tickwire.limits.ops-per-second=100000"})
class HostileClientsTest extends GatewayTest {

    private static final Duration GONE = PATIENCE;

    @Test
    void halfSentRequestsAreClosedWithinTheIdleTimeoutWhileARealClientConnects() {
        try (RawSockets slow = RawSockets.sending(port, 2_000, "GET /api/sym")) {
            try (WsClient real = WsClient.connect(port)) {
                real.subscribe("1", symbols("AAPL"));
                real.awaitAck();
            }
            assertThat(slow.awaitClosedByServer(PATIENCE)).isEqualTo(2_000);
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
}
