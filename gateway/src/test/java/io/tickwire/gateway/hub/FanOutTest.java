package io.tickwire.gateway.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Instrument;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.CountingFeedConfiguration;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Many real clients over the real simulator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tickwire.feed.rate=5000", "tickwire.feed.seed=7"})
@Import(CountingFeedConfiguration.class)
class FanOutTest {

    private static final Duration WARM_UP = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    QuoteHub hub;
    @Autowired
    CountingFeedConfiguration.CountingFeed feed;

    private List<String> universe;

    @BeforeEach
    void everySymbolHasQuoted() {
        universe = hub.instruments().stream().map(Instrument::symbol).toList();
        await().atMost(WARM_UP).until(() -> universe.stream().allMatch(s -> hub.latest(s) != null));
    }

    /** Client {@code i}'s symbols: three, spread over the universe, different from its neighbours'. */
    private Set<String> symbolsOf(int i) {
        int n = universe.size();
        Set<String> s = new LinkedHashSet<>();
        s.add(universe.get(i % n));
        s.add(universe.get((i * 37 + 11) % n));
        s.add(universe.get((i * 101 + 5) % n));
        return s;
    }

    @Test
    void twoHundredConcurrentClientsEachReceiveExactlyTheirOwnSymbolsFromOneFeedSubscription() {
        int clients = 200;
        List<WsClient> ws = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                ws.add(WsClient.connect(port));
            }
            for (int i = 0; i < clients; i++) {
                ws.get(i).send("{\"op\":\"subscribe\",\"id\":\"" + i + "\",\"symbols\":[\""
                        + String.join("\",\"", symbolsOf(i)) + "\"]}");
            }
            await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.WS) == clients);
            // About a second of live quotes at 5,000/s after everyone subscribed.
            long until = hub.latestSeq() + 5_000;
            await().atMost(StreamClient.TIMEOUT).until(() -> hub.latestSeq() >= until);

            long quotes = 0;
            for (int i = 0; i < clients; i++) {
                Set<String> mine = symbolsOf(i);
                Message ack = ws.get(i).next();
                assertThat(ack.type()).isEqualTo("subscribed");
                assertThat(ack.text("id")).isEqualTo(String.valueOf(i));
                List<Message> received = ws.get(i).roundTrip("done-" + i);
                Set<String> seen = new HashSet<>();
                long previous = 0;
                for (Message q : received) {
                    assertThat(q.symbol()).as("client %d", i).isIn(mine);
                    assertThat(q.seq()).as("client %d seq order", i).isGreaterThan(previous);
                    previous = q.seq();
                    seen.add(q.symbol());
                }
                assertThat(seen).as("client %d saw every one of its symbols", i).isEqualTo(mine);
                quotes += received.size();
            }
            assertThat(quotes).isGreaterThan(clients * 3L);
            assertThat(hub.subscriptions()).isEqualTo(subscriptionsOf(clients));
        }
        finally {
            ws.forEach(WsClient::close);
        }
        assertThat(feed.subscriptions()).isEqualTo(1);
        assertThat(hub.feedSubscriptions()).isEqualTo(1);
        await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.WS) == 0 && hub.subscriptions() == 0);
    }

    private int subscriptionsOf(int clients) {
        int n = 0;
        for (int i = 0; i < clients; i++) {
            n += symbolsOf(i).size();
        }
        return n;
    }

    @Test
    void clientsThatVanishWithoutClosingLeaveNoRegistrationBehind() {
        List<WsClient> ws = new ArrayList<>();
        List<SseClient> sse = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            WsClient c = WsClient.connect(port, "?symbols=" + String.join(",", symbolsOf(i)));
            assertThat(c.next().type()).isEqualTo("subscribed");
            ws.add(c);
        }
        for (int i = 0; i < 10; i++) {
            SseClient c = SseClient.open(port, "/sse?symbols=" + String.join(",", symbolsOf(i)));
            c.awaitAck();
            c.nextQuote();
            sse.add(c);
        }
        assertThat(hub.connections(Transport.WS)).isEqualTo(50);
        assertThat(hub.connections(Transport.SSE)).isEqualTo(10);
        assertThat(hub.subscriptions()).isEqualTo(subscriptionsOf(50) + subscriptionsOf(10));

        // TCP resets, no close frame: the gateway learns of it only from the socket.
        ws.forEach(StreamClient::abort);
        sse.forEach(StreamClient::close);

        await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.WS) == 0
                && hub.connections(Transport.SSE) == 0 && hub.subscriptions() == 0);
        assertThat(feed.subscriptions()).isEqualTo(1);
    }
}
