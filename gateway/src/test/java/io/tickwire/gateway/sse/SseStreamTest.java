package io.tickwire.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.StreamClient.Refusal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSE stream (PROTOCOL.md §3) on the real server: its headers and events, and the requests it refuses. */
class SseStreamTest extends ManualFeedGatewayTest {

    @Test
    void aClientGetsTheSnapshotThenOnlyItsSymbolsWithIdEqualToAnIncreasingSeq() {
        Quote msft = feed.emit("MSFT");
        Quote aapl = feed.emit("AAPL");
        try (SseClient sse = SseClient.open(port, "/sse?symbols=aapl,MSFT")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.headers().get("Content-Type")).isEqualTo("text/event-stream");
            assertThat(sse.headers().get("Cache-Control")).isEqualTo("no-cache");
            assertThat(sse.headers().get("X-Accel-Buffering")).isEqualTo("no");
            sse.awaitAck();

            Message first = sse.next();
            Message second = sse.next();
            assertThat(List.of(first, second)).extracting(Message::eventId)
                    .containsExactly(String.valueOf(msft.seq()), String.valueOf(aapl.seq()));

            await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.SSE) == 1);
            Quote last = null;
            for (int i = 0; i < 300; i++) {
                Quote q = feed.emit(ManualFeedConfiguration.SYMBOLS[i % 6]);
                if (q.symbol().equals("AAPL") || q.symbol().equals("MSFT")) {
                    last = q;
                }
            }
            List<Message> events = new ArrayList<>(List.of(first, second));
            Message e;
            do {
                e = sse.next();
                events.add(e);
            } while (Long.parseLong(e.eventId()) != last.seq());

            long previous = 0;
            for (Message ev : events) {
                assertThat(ev.type()).isEqualTo("quote");
                assertThat(ev.symbol()).isIn("AAPL", "MSFT");
                assertThat(ev.eventId()).isEqualTo(ev.text("seq"));
                assertThat(Long.parseLong(ev.eventId())).isGreaterThan(previous);
                previous = Long.parseLong(ev.eventId());
            }
        }
        await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.SSE) == 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/sse|BAD_REQUEST",
        "/sse?symbols=|BAD_REQUEST",
        "/sse?symbols=AAPL,XYZ|UNKNOWN_SYMBOL",
        "/sse?symbols=AAPL,MSFT,TSLA,NVDA,SPY,QQQ|LIMIT_EXCEEDED",
        "/sse?symbols=*|LIMIT_EXCEEDED"})
    void aBadRequestIsRefusedWith400AndAJsonBodyBeforeAnyStream(String path, String code) {
        try (SseClient sse = SseClient.open(port, path)) {
            // 400, with a JSON content type and body.
            Refusal refusal = sse.awaitRefusal();
            assertThat(refusal.code()).isEqualTo(code);
            assertThat(refusal.message()).isNotBlank();
            assertThat(hub.connections(Transport.SSE)).isZero();
        }
    }
}
