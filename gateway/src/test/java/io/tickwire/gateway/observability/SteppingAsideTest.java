package io.tickwire.gateway.observability;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualQuoteFeed;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * A gateway as it runs by default (authentication off, so {@code /ws} is upgraded ahead of Spring)
 * whose feed's link goes down and comes back (PROTOCOL.md §5): new streams on every transport are
 * refused with 503 meanwhile, snapshots still answer, and streams already open stay, with their
 * heartbeats, and go on once it is back. A real Redis link is cut in {@code cluster/StepAsideTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tickwire.client.heartbeat-interval=200ms")
@Import({ManualFeedConfiguration.class, SwitchedFeedLink.Configuration.class})
class SteppingAsideTest {

    @LocalServerPort
    int port;
    @Autowired
    ManualQuoteFeed feed;
    @Autowired
    SwitchedFeedLink link;

    @AfterEach
    void restoreTheLink() {
        link.restore();
    }

    @Test
    void newStreamsAreRefusedWhileOpenOnesStayWithTheirHeartbeatsAndGoOnOnceTheLinkIsBack() {
        try (WsClient ws = WsClient.connect(port); SseClient sse = SseClient.open(port, symbols("MSFT").ssePath())) {
            ws.subscribe("1", symbols("MSFT"));
            ws.awaitAck();
            sse.awaitAck();
            Quote before = feed.emit("MSFT");
            for (StreamClient open : List.of(ws, sse)) {
                assertThat(open.quotesThrough(before.seq())).extracting(Message::seq).endsWith(before.seq());
            }

            link.cut();
            for (StreamOpens.Answer refused : List.of(StreamOpens.handshake(port, "?symbols=MSFT"),
                    StreamOpens.get(port, "/sse?symbols=MSFT"),
                    StreamOpens.get(port, "/api/quotes/poll?symbols=MSFT&since=" + before.seq()))) {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("FEED_UNAVAILABLE");
                assertThat(refused.retryAfter()).isEqualTo("1");
            }
            StreamOpens.Answer snapshot = StreamOpens.get(port, "/api/quotes?symbols=MSFT");
            assertThat(snapshot.status()).isEqualTo(200);
            assertThat(snapshot.body().at("/quotes/0/seq").asLong()).isEqualTo(before.seq());
            assertThat(StreamOpens.get(port, "/api/symbols").status()).isEqualTo(200);
            for (StreamClient open : List.of(ws, sse)) {
                assertThat(open.until(Message::isHeartbeat)).allMatch(Message::isHeartbeat);
                assertThat(open.isEnded()).isFalse();
            }

            link.restore();
            Quote after = feed.emit("MSFT");
            for (StreamClient open : List.of(ws, sse)) {
                assertThat(open.quotesThrough(after.seq())).extracting(Message::seq).containsExactly(after.seq());
            }
            try (WsClient again = WsClient.connect(port)) {
                again.subscribe("2", symbols("MSFT"));
                again.awaitAck();
            }
            assertThat(StreamOpens.get(port, "/sse?symbols=MSFT").status()).isEqualTo(200);
        }
    }

    @Test
    void withAuthenticationOffHealthShowsItsDetailsToAnyoneAsBefore() {
        StreamOpens.Answer health = StreamOpens.get(port, "/actuator/health");
        assertThat(health.body().at("/components/feed/details/latestSeq").isNumber()).isTrue();
        assertThat(health.body().at("/components/diskSpace/details/path").asText()).isNotEmpty();
    }
}
