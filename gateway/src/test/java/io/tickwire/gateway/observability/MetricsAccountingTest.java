package io.tickwire.gateway.observability;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.PrometheusScrape;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Known traffic in, known figures out, read the way Prometheus reads them: over HTTP from
 * {@code /actuator/prometheus}. Quotes go out in lockstep (each received everywhere before the next
 * is emitted), so nothing is conflated and every figure is exact.
 */
class MetricsAccountingTest extends QuietManualFeedTest {

    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "TSLA");
    private static final int QUOTES = 30;

    @Test
    void countersAndGaugesMatchTheTrafficAndConnectionsReturnToZero() {
        PrometheusScrape before = PrometheusScrape.of(port);
        List<WsClient> ws = new ArrayList<>();
        List<SseClient> sse = new ArrayList<>();
        List<Message> wsMessages = new ArrayList<>();
        List<Message> sseEvents = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient c = WsClient.connect(port, "?symbols=AAPL,MSFT");
                wsMessages.addAll(c.until(m -> "subscribed".equals(m.type())));
                ws.add(c);
            }
            for (int i = 0; i < 2; i++) {
                SseClient c = SseClient.open(port, "/sse?symbols=AAPL");
                // Its opening retry: block is not one of the messages the gateway counts as sent.
                c.awaitAck();
                sse.add(c);
            }
            // The SSE streams subscribe as they open: wait until the gauges show all of them.
            await().atMost(PATIENCE).untilAsserted(() -> {
                PrometheusScrape s = PrometheusScrape.of(port);
                assertThat(s.value("tickwire_connections", "transport", "ws")).isEqualTo(3);
                assertThat(s.value("tickwire_connections", "transport", "sse")).isEqualTo(2);
                assertThat(s.value("tickwire_subscriptions")).as("(client, symbol) pairs").isEqualTo(3 * 2 + 2);
            });

            for (int i = 0; i < QUOTES; i++) {
                Quote q = feed.emit(SYMBOLS.get(i % SYMBOLS.size()));
                if (Set.of("AAPL", "MSFT").contains(q.symbol())) {
                    for (WsClient c : ws) {
                        wsMessages.addAll(c.until(m -> m.seq() == q.seq()));
                    }
                }
                if ("AAPL".equals(q.symbol())) {
                    for (SseClient c : sse) {
                        Message e;
                        do {
                            e = c.next();
                            sseEvents.add(e);
                        } while (e.seq() != q.seq());
                    }
                }
            }
            PrometheusScrape after = PrometheusScrape.of(port);

            assertThat(delta(before, after, "tickwire_feed_quotes_total")).isEqualTo(QUOTES);
            long wsQuotes = wsMessages.stream().filter(Message::isQuote).count();
            assertThat(wsQuotes).as("live quotes at least").isGreaterThanOrEqualTo(3L * (QUOTES * 2 / 3));
            assertThat(delta(before, after, "tickwire_messages_sent_total", "ws"))
                    .as("WebSocket messages, replies included").isEqualTo(wsMessages.size());
            assertThat(delta(before, after, "tickwire_messages_sent_total", "sse")).isEqualTo(sseEvents.size());
            assertThat(delta(before, after, "tickwire_delivery_latency_seconds_count", "ws")).isEqualTo(wsQuotes);
            assertThat(delta(before, after, "tickwire_delivery_latency_seconds_count", "sse")).isEqualTo(sseEvents.size());
            // Every quote was made by this test moments ago: all within the 10 s bucket, some time spent.
            assertThat(delta(before, after, "tickwire_delivery_latency_seconds_bucket", "ws", "le", "10.0"))
                    .isEqualTo(wsQuotes);
            assertThat(delta(before, after, "tickwire_delivery_latency_seconds_sum", "ws")).isPositive();
            for (String t : List.of("ws", "sse")) {
                assertThat(delta(before, after, "tickwire_messages_conflated_total", t)).as(t).isZero();
            }
            assertThat(delta(before, after, "tickwire_messages_sent_total", "poll")).isZero();
        }
        finally {
            ws.forEach(StreamClient::close);
            sse.forEach(StreamClient::close);
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusScrape s = PrometheusScrape.of(port);
            for (String t : List.of("ws", "sse", "poll")) {
                assertThat(s.value("tickwire_connections", "transport", t)).as(t).isZero();
            }
            assertThat(s.value("tickwire_subscriptions")).isZero();
        });
        // Streams are not requests: a finished WebSocket or SSE stream leaves no http_server_requests series.
        assertThat(PrometheusScrape.of(port).seriesStartingWith("http_server_requests"))
                .noneMatch(series -> series.contains("uri=\"/ws\"") || series.contains("uri=\"/sse\""));
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name) {
        return after.value(name) - before.value(name);
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String transport) {
        return after.value(name, "transport", transport) - before.value(name, "transport", transport);
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String transport,
                                String label, String value) {
        String series = name + "{transport=\"" + transport + "\"," + label + "=\"" + value + "\"}";
        return after.value(series) - before.value(series);
    }
}
