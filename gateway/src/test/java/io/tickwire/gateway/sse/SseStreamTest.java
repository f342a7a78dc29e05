package io.tickwire.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.SseTestClient;
import io.tickwire.gateway.support.WsTestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.netty.http.client.HttpClient;

class SseStreamTest extends ManualFeedGatewayTest {

    @Test
    void aClientGetsTheSnapshotThenOnlyItsSymbolsWithIdEqualToAnIncreasingSeq() {
        Quote msft = feed.emit("MSFT");
        Quote aapl = feed.emit("AAPL");
        try (SseTestClient sse = new SseTestClient(port, "/sse?symbols=aapl,MSFT")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers().get("Content-Type")).isEqualTo("text/event-stream");
            assertThat(sse.headers().get("Cache-Control")).isEqualTo("no-cache");
            assertThat(sse.headers().get("X-Accel-Buffering")).isEqualTo("no");

            SseTestClient.Event first = sse.next();
            SseTestClient.Event second = sse.next();
            assertThat(List.of(first, second)).extracting(SseTestClient.Event::id)
                    .containsExactly(String.valueOf(msft.seq()), String.valueOf(aapl.seq()));

            await().atMost(WsTestClient.TIMEOUT).until(() -> hub.connections(Transport.SSE) == 1);
            Quote last = null;
            for (int i = 0; i < 300; i++) {
                Quote q = feed.emit(ManualFeedConfiguration.SYMBOLS[i % 6]);
                if (q.symbol().equals("AAPL") || q.symbol().equals("MSFT")) {
                    last = q;
                }
            }
            List<SseTestClient.Event> events = new ArrayList<>(List.of(first, second));
            SseTestClient.Event e;
            do {
                e = sse.next();
                events.add(e);
            } while (Long.parseLong(e.id()) != last.seq());

            long previous = 0;
            for (SseTestClient.Event ev : events) {
                assertThat(ev.event()).isEqualTo("quote");
                assertThat(ev.data().get("symbol").asText()).isIn("AAPL", "MSFT");
                assertThat(ev.id()).isEqualTo(ev.data().get("seq").asText());
                assertThat(Long.parseLong(ev.id())).isGreaterThan(previous);
                previous = Long.parseLong(ev.id());
            }
        }
        await().atMost(WsTestClient.TIMEOUT).until(() -> hub.connections(Transport.SSE) == 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/sse|BAD_REQUEST",
        "/sse?symbols=|BAD_REQUEST",
        "/sse?symbols=AAPL,XYZ|UNKNOWN_SYMBOL",
        "/sse?symbols=AAPL,MSFT,TSLA,NVDA,SPY,QQQ|LIMIT_EXCEEDED",
        "/sse?symbols=*|LIMIT_EXCEEDED"})
    void aBadRequestIsRefusedWith400AndAJsonBodyBeforeAnyStream(String path, String code) throws Exception {
        var response = HttpClient.create().get().uri("http://127.0.0.1:" + port + path)
                .responseSingle((r, body) -> body.asString().map(b -> new Object[] {r.status().code(),
                        r.responseHeaders().get("Content-Type"), b}))
                .block(WsTestClient.TIMEOUT);
        assertThat(response[0]).isEqualTo(400);
        assertThat((String) response[1]).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree((String) response[2]);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(hub.connections(Transport.SSE)).isZero();
    }
}
