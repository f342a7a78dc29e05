package io.tickwire.gateway.websocket;

import static io.tickwire.gateway.support.StreamClient.TIMEOUT;
import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.ShortTimersGatewayTest;
import io.tickwire.gateway.support.StreamClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Dead WebSocket peers (PROTOCOL.md §2, "protocol-level ping frames … find dead peers"): a peer
 * silent for the ping interval is pinged; one silent for the idle timeout, no pong included, is
 * closed and its subscriptions dropped. A live client answers the pings and stays.
 */
class PeerLivenessTest extends ShortTimersGatewayTest {

    @Test
    void aPeerThatStopsReadingIsClosedAfterTheIdleTimeoutAndItsSubscriptionsAreDropped() {
        // Taken before the client sends its last frame (the subscribe): the time since bounds its silence from above.
        long start = System.nanoTime();
        try (StreamClient ws = open(Transport.WS, symbols("SPY", "QQQ"))) {
            ws.awaitAck();
            assertThat(hub.connections(Transport.WS)).isEqualTo(1);
            assertThat(hub.subscriptions()).isEqualTo(2);

            ws.pauseReading();
            await().atMost(TIMEOUT).until(() -> hub.connections(Transport.WS) == 0 && hub.subscriptions() == 0);
            // Not at once: only once pings have gone unanswered for the idle timeout (less a margin for the timer).
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(IDLE_TIMEOUT.minus(PING_INTERVAL));

            ws.resumeReading();
            assertThat(ws.awaitEnd(TIMEOUT)).as("the client finds its connection closed").isTrue();
        }
    }

    @Test
    void aPeerThatKeepsReadingAnswersPingsAndStaysConnectedWellPastTheIdleTimeout() {
        try (StreamClient ws = open(Transport.WS, symbols("SPY"))) {
            ws.awaitAck();
            // Three dead peers, one after another, each opened after it and closed for its idle timeout: meanwhile
            // the client sends nothing but the pongs its library answers pings with, for three idle timeouts
            // less a ping interval each, and is still there.
            for (int i = 0; i < 3; i++) {
                try (StreamClient dead = open(Transport.WS, symbols("QQQ", "IBM"))) {
                    dead.awaitAck();
                    dead.pauseReading();
                    await().atMost(TIMEOUT).until(() -> hub.subscriptions() <= 1);
                    assertThat(hub.connections(Transport.WS)).as("the dead peer closed, the live one not").isEqualTo(1);
                    assertThat(hub.subscriptions()).isEqualTo(1);
                    assertThat(ws.isEnded()).isFalse();
                    dead.resumeReading();
                    assertThat(dead.awaitEnd(TIMEOUT)).as("the dead peer finds its connection closed").isTrue();
                }
            }

            Quote q = feed.emit("SPY");
            assertThat(ws.quotesThrough(q.seq())).extracting(Message::seq).containsExactly(q.seq());
        }
    }
}
