package io.tickwire.system.contract;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.system.contract.ContractDocument.ASYNCAPI;
import static io.tickwire.system.contract.ContractDocument.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.RawWebSocket;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

/**
 * Every server message of {@code /ws} and every part of an {@code /sse} stream, captured from a
 * running gateway and validated against docs/asyncapi.yaml; each error code a client can provoke
 * without authentication ({@link SecuredContractTest} has the others).
 */
class StreamContractTest extends ContractGatewayTest {

    static final String ERROR = "/components/messages/error/payload";

    @Nested
    class OverWebSocket {

        @Test
        void subscribeAcksQuotesAndUnsubscribeAckMatchTheirSchemas() {
            feed.emit("AAPL");
            feed.emit("MSFT");
            try (WsClient ws = WsClient.connect(port)) {
                ws.subscribe("1", symbols("AAPL", "MSFT"));
                Message ack = valid(ws.awaitAck());
                assertThat(ack.text("id")).isEqualTo("1");
                valid(ws.nextQuote());
                valid(ws.nextQuote());
                Quote live = feed.emit("AAPL");
                valid(ws.quotesThrough(live.seq()));
                ws.send("{\"op\":\"unsubscribe\",\"id\":\"2\",\"symbols\":[\"AAPL\"]}");
                assertThat(valid(ws.nextReply()).type()).isEqualTo("unsubscribed");
            }
        }

        @Test
        void aResumingThrottledSubscribeWithANumericIdIsAckedWithTheAppliedMaxRate() {
            Quote q = feed.emit("TSLA");
            try (WsClient ws = WsClient.connect(port)) {
                ws.send("{\"op\":\"subscribe\",\"id\":7,\"symbols\":[\"TSLA\"],\"since\":" + (q.seq() - 1)
                        + ",\"maxRate\":2}");
                Message ack = valid(ws.awaitAck());
                assertThat(ack.body().get("id").isNumber()).isTrue();
                assertThat(ack.body().get("maxRate").asDouble()).isPositive();
                assertThat(valid(ws.nextQuote()).seq()).isEqualTo(q.seq());
            }
        }

        @Test
        void aPingIsAnsweredWithAPong() {
            try (WsClient ws = WsClient.connect(port)) {
                valid(ws.roundTrip("p"));
                ws.send("{\"op\":\"ping\"}");
                Message pong = valid(ws.nextReply());
                assertThat(pong.type()).isEqualTo("pong");
                assertThat(pong.body().has("id")).isFalse();
            }
        }

        @Test
        void anIdleConnectionGetsHeartbeats() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.subscribe("h", symbols("BRK.B"));
                valid(ws.awaitAck());
                Message beat = valid(ws.until(Message::isHeartbeat)).get(0);
                assertThat(beat.type()).isEqualTo("heartbeat");
            }
        }

        @Test
        void everyMalformedRequestIsABadRequestError() {
            List<String> bad = List.of("not json", "[1,2]", "{\"id\":\"a\"}", "{\"op\":\"dance\",\"id\":\"b\"}",
                    "{\"op\":\"subscribe\",\"symbols\":\"AAPL\"}", "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"since\":-1}",
                    "{\"op\":\"auth\",\"token\":\"x\"}");
            try (WsClient ws = WsClient.connect(port)) {
                bad.forEach(ws::send);
                ws.sendBinary(new byte[] {1, 2, 3});
                for (int i = 0; i <= bad.size(); i++) {
                    Message error = valid(ws.nextReply());
                    ASYNCAPI.assertValid(ERROR, error.body());
                    assertThat(error.text("code")).as("answer to request %d", i).isEqualTo("BAD_REQUEST");
                }
            }
        }

        @Test
        void unknownSymbolsAreNamedAndTheValidOnesStillSubscribed() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.subscribe("u", symbols("AAPL", "NOPE", "ZZZZ"));
                Message error = valid(ws.nextReply());
                assertThat(error.text("code")).isEqualTo("UNKNOWN_SYMBOL");
                assertThat(error.body().get("symbols")).extracting(JsonNode::asText).containsExactly("NOPE", "ZZZZ");
                assertThat(valid(ws.nextReply()).type()).isEqualTo("subscribed");
            }
        }

        @Test
        void moreSymbolsThanTheLimitIsLimitExceeded() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.subscribe("l", symbols("AAPL", "MSFT", "TSLA", "NVDA", "SPY", "QQQ"));
                assertThat(valid(ws.nextReply()).text("code")).isEqualTo("LIMIT_EXCEEDED");
            }
        }

        @Test
        void opsPastTheRateAreRateLimited() {
            try (WsClient ws = WsClient.connect(port)) {
                for (int i = 0; i < 30; i++) {
                    ws.send("{\"op\":\"ping\",\"id\":\"" + i + "\"}");
                }
                List<Message> answers = valid(ws.until(m -> "29".equals(m.text("id"))));
                assertThat(answers).extracting(m -> m.text("code")).contains("RATE_LIMITED");
            }
        }

        @Test
        void aFrameIsOneMessageOrAnArrayOfThem() {
            feed.emit("AMD");
            feed.emit("IBM");
            feed.emit("F");
            try (RawWebSocket ws = RawWebSocket.connect(port)) {
                ws.send(RawWebSocket.text("{\"op\":\"subscribe\",\"id\":\"b\",\"symbols\":[\"AMD\",\"IBM\",\"F\"]}"));
                List<JsonNode> frames = new ArrayList<>();
                int quotes = 0;
                while (quotes < 3) {
                    JsonNode frame = json(ws.nextText());
                    ASYNCAPI.assertValid("/components/schemas/Frame", frame);
                    frames.add(frame);
                    for (JsonNode m : frame.isArray() ? frame : List.of(frame)) {
                        quotes += "quote".equals(m.path("type").asText()) ? 1 : 0;
                    }
                }
                assertThat(frames).as("the ack and three snapshots, batched").anyMatch(JsonNode::isArray);
                frames.stream().filter(JsonNode::isArray)
                        .forEach(a -> ASYNCAPI.assertValid("/components/messages/batch/payload", a));
            }
        }
    }

    @Nested
    class OverSse {

        @Test
        void theStreamIsRetryThenQuoteEventsKeyedBySeqThenHeartbeatComments() {
            Quote snapshot = feed.emit("NVDA");
            AtomicReference<HttpHeaders> headers = new AtomicReference<>();
            StringBuilder text = new StringBuilder();
            HttpClient.create().get().uri("http://127.0.0.1:" + port + "/sse?symbols=NVDA")
                    .responseConnection((response, connection) -> {
                        headers.set(response.responseHeaders());
                        return connection.inbound().receive().asString(StandardCharsets.UTF_8);
                    })
                    .doOnNext(text::append)
                    .takeUntil(chunk -> text.indexOf(": heartbeat ") >= 0 && text.toString().endsWith("\n\n"))
                    .blockLast(StreamClient.TIMEOUT);

            assertThat(headers.get().get("Content-Type")).startsWith("text/event-stream");
            assertThat(headers.get().get("Cache-Control")).isEqualTo("no-cache");
            assertThat(headers.get().get("X-Accel-Buffering")).isEqualTo("no");
            String[] blocks = text.toString().split("\n\n");
            ASYNCAPI.assertValid("/components/messages/sseOpen/payload", quoted(blocks[0] + "\n\n"));
            String[] event = blocks[1].split("\n");
            assertThat(event).hasSize(3);
            assertThat(event[0]).isEqualTo("id: " + snapshot.seq());
            assertThat(event[1]).isEqualTo("event: quote");
            assertThat(event[2]).startsWith("data: ");
            JsonNode quote = json(event[2].substring("data: ".length()));
            ASYNCAPI.assertValid("/components/messages/sseQuote/payload", quote);
            assertThat(quote.get("seq").asLong()).isEqualTo(snapshot.seq());
            String comment = blocks[blocks.length - 1];
            ASYNCAPI.assertValid("/components/messages/sseHeartbeat/payload", quoted(comment));
        }

        @Test
        void aResumedStreamCarriesOnlyNewerQuotesWithTheirSeqAsEventId() {
            Quote seen = feed.emit("SPY");
            Quote newer = feed.emit("SPY");
            try (SseClient sse = SseClient.open(port, "/sse?symbols=SPY", Map.of("Last-Event-ID", "" + seen.seq()))) {
                sse.awaitAck();
                Message q = sse.nextQuote();
                ASYNCAPI.assertValid("/components/messages/sseQuote/payload", q.body());
                assertThat(q.eventId()).isEqualTo(String.valueOf(newer.seq()));
            }
        }

        @Test
        void aBadStreamRequestIsRefusedWithTheHttpErrorBody() {
            for (String path : List.of("/sse", "/sse?symbols=NOPE", "/sse?symbols=AAPL&maxRate=0",
                    "/sse?symbols=AAPL&lastEventId=x", "/sse?symbols=AAPL,MSFT,TSLA,NVDA,SPY,QQQ")) {
                try (SseClient sse = SseClient.open(port, path)) {
                    assertThat(sse.status()).as(path).isEqualTo(400);
                    Message refused = sse.next();
                    assertThat(refused.type()).isEqualTo("refused");
                    ASYNCAPI.assertValid("/components/schemas/HttpError", refused.body());
                }
            }
        }
    }

    /** Raw stream text as a JSON string, to check it against a string schema. */
    private static JsonNode quoted(String raw) {
        return JsonNodeFactory.instance.textNode(raw);
    }
}
