package io.tickwire.gateway.security;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.GatewayTest;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.Tokens;
import io.tickwire.gateway.support.WsClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code tickwire.limits.*} on a gateway with authentication on, with small limits so a test can
 * reach them: every refusal has the contract's answer and a meter, and the neighbours go on.
 */
@TestPropertySource(properties = {
    "tickwire.auth.enabled=true", "tickwire.auth.hmac-secret=" + Tokens.SECRET,
    "tickwire.limits.ops-per-second=10", "tickwire.limits.ops-burst=20", "tickwire.limits.refusals-before-close=30",
    "tickwire.limits.max-connections=6", "tickwire.limits.max-connections-per-subject=2"})
class LimitsTest extends GatewayTest {

    private static final Map<String, Object> ALL = Tokens.grants(List.of("*"), List.of());

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    static String token(String subject) {
        return Tokens.hmac(subject, Instant.now().plusSeconds(600), ALL);
    }

    double refused(String reason) {
        return registry.get(MetricNames.LIMITED).tag(MetricNames.REASON, reason).counter().count();
    }

    @Nested
    class TooManyRequests {

        @Test
        void aBurstPastTheRateIsAnsweredRateLimitedAndNotCarriedOutAndTheConnectionGoesOn() {
            WsClient ws = keep(WsClient.connect(port, "?access_token=" + token("eve")));
            double before = refused("ops_rate");
            for (int i = 0; i < 30; i++) {
                ws.send("{\"op\":\"ping\",\"id\":\"" + i + "\"}");
            }
            List<Message> answers = ws.until(m -> "29".equals(m.text("id")));
            long pongs = answers.stream().filter(m -> "pong".equals(m.type())).count();
            long limited = answers.stream().filter(m -> "RATE_LIMITED".equals(m.text("code"))).count();
            assertThat(pongs + limited).isEqualTo(30);
            assertThat(pongs).as("the burst of 20, and what the rate refilled meanwhile").isBetween(20L, 29L);
            assertThat(refused("ops_rate") - before).isEqualTo(limited);
            // Still open and served after the refusals: a later op gets its answer on the same connection.
            ws.send("{\"op\":\"unsubscribe\",\"id\":\"late\",\"symbols\":[\"AAPL\"]}");
            assertThat(ws.until(m -> "late".equals(m.text("id")))).last().isNotNull();
            assertThat(ws.isEnded()).isFalse();
        }

        @Test
        void aFloodIsClosedWith1008WhileANeighbourKeepsReceiving() {
            WsClient neighbour = keep(WsClient.connect(port, "?access_token=" + token("neighbour")));
            neighbour.subscribe("n", symbols("AAPL"));
            neighbour.awaitAck();
            WsClient flooder = keep(WsClient.connect(port, "?access_token=" + token("flooder")));
            double abuse = refused("abuse");
            for (int i = 0; i < 300; i++) {
                flooder.send("{\"op\":\"ping\",\"id\":\"" + i + "\"}");
            }
            assertThat(flooder.closeStatus()).isEqualTo(1008);
            assertThat(refused("abuse") - abuse).isEqualTo(1);
            Quote q = feed.emit("AAPL");
            assertThat(neighbour.quotesThrough(q.seq())).extracting(Message::symbol).containsOnly("AAPL");
        }
    }

    @Nested
    class ConnectionCaps {

        @Test
        void aSubjectOverItsLimitGets1013OnWebSocketAnd429OnSse() {
            keep(WsClient.connect(port, "?access_token=" + token("carol")));
            keep(WsClient.connect(port, "?access_token=" + token("carol")));
            WsClient third = keep(WsClient.connect(port, "?access_token=" + token("carol")));
            assertThat(third.closeStatus()).isEqualTo(1013);
            SseClient sse = keep(SseClient.open(port, "/sse?symbols=AAPL&access_token=" + token("carol")));
            assertThat(sse.awaitRefusal(429).code()).isEqualTo("RATE_LIMITED");
            assertThat(sse.headers().get("Retry-After")).isEqualTo("1");
            assertThat(refused("subject_connections")).isGreaterThanOrEqualTo(2);
            // Another subject is not held back by carol's.
            WsClient dave = keep(WsClient.connect(port, "?access_token=" + token("dave")));
            dave.subscribe("d", symbols("AAPL"));
            dave.awaitAck();
        }

        @Test
        void everyTransportGoesThroughOneEntranceRefusedAlikeAndCountedOnceEach() {
            keep(WsClient.connect(port, "?access_token=" + token("frank")));
            keep(WsClient.connect(port, "?access_token=" + token("frank")));
            double before = refused("subject_connections");

            assertThat(keep(WsClient.connect(port, "?access_token=" + token("frank"))).closeStatus()).isEqualTo(1013);
            SseClient sse = keep(SseClient.open(port, "/sse?symbols=AAPL&access_token=" + token("frank")));
            assertThat(sse.awaitRefusal(429).code()).isEqualTo("RATE_LIMITED");
            PollClient.Answer poll = new PollClient(port).poll("?symbols=AAPL&since=0&access_token=" + token("frank"))
                    .block(PATIENCE);
            assertThat(poll.status()).isEqualTo(429);
            assertThat(poll.body().get("code").asText()).isEqualTo("RATE_LIMITED");

            assertThat(refused("subject_connections") - before).as("one count per refusal, whatever the transport")
                    .isEqualTo(3);
            assertThat(hub.connections(Transport.WS)).as("the refused never reached the hub").isEqualTo(2);
            assertThat(hub.connections(Transport.SSE) + hub.connections(Transport.POLL)).isZero();
        }

        @Test
        void theNodeOverItsLimitRefusesAndTakesConnectionsAgainAsTheyGo() {
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                WsClient c = keep(WsClient.connect(port, "?access_token=" + token("user" + i)));
                c.subscribe("s", symbols("AAPL"));
                c.awaitAck();
                clients.add(c);
            }
            WsClient over = keep(WsClient.connect(port, "?access_token=" + token("user6")));
            assertThat(over.closeStatus()).isEqualTo(1013);
            assertThat(refused("node_connections")).isPositive();
            clients.get(0).close();
            await().atMost(PATIENCE).until(() -> hub.connections(Transport.WS) == 5);
            WsClient again = keep(WsClient.connect(port, "?access_token=" + token("user7")));
            again.subscribe("s", symbols("AAPL"));
            again.awaitAck();
        }
    }
}
