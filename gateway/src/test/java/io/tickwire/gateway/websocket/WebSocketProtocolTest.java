package io.tickwire.gateway.websocket;

import static io.tickwire.gateway.support.WsTestClient.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.WsTestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebSocketProtocolTest extends ManualFeedGatewayTest {

    @Test
    void subscriberGetsAckThenSnapshotThenOnlyItsSymbolsAndNothingOfAnUnsubscribedOne() {
        Quote aapl = feed.emit("AAPL");
        Quote msft = feed.emit("MSFT");
        feed.emit("TSLA");
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.send("{\"op\":\"subscribe\",\"id\":\"1\",\"symbols\":[\"AAPL\",\"MSFT\"]}");
            JsonNode ack = ws.next();
            assertThat(text(ack, "type")).isEqualTo("subscribed");
            assertThat(text(ack, "id")).isEqualTo("1");
            assertThat(ack.get("symbols")).extracting(JsonNode::asText).containsExactly("AAPL", "MSFT");
            // The snapshot, in seq order, before anything live.
            assertThat(List.of(ws.next(), ws.next())).extracting(n -> text(n, "symbol") + "@" + n.get("seq").asLong())
                    .containsExactly("AAPL@" + aapl.seq(), "MSFT@" + msft.seq());

            Quote lastWanted = null;
            for (String s : List.of("TSLA", "AAPL", "NVDA", "MSFT", "TSLA", "AAPL")) {
                Quote q = feed.emit(s);
                if (Set.of("AAPL", "MSFT").contains(s)) {
                    lastWanted = q;
                }
            }
            // Quotes arrive in seq order, so anything unwanted would show up before the last wanted one.
            List<JsonNode> live = ws.until(seqIs(lastWanted));
            assertThat(live).extracting(n -> text(n, "symbol")).containsOnly("AAPL", "MSFT");

            ws.send("{\"op\":\"unsubscribe\",\"id\":\"2\",\"symbols\":[\"MSFT\"]}");
            feed.emit("MSFT");
            JsonNode unack = ws.nextReply(new ArrayList<>());
            assertThat(text(unack, "type")).isEqualTo("unsubscribed");
            assertThat(text(unack, "id")).isEqualTo("2");
            assertThat(unack.get("symbols")).extracting(JsonNode::asText).containsExactly("MSFT");

            feed.emit("MSFT");
            Quote lastAapl = feed.emit("AAPL");
            assertThat(ws.until(seqIs(lastAapl))).extracting(n -> text(n, "symbol")).containsOnly("AAPL");
        }
    }

    private static java.util.function.Predicate<JsonNode> seqIs(Quote q) {
        return n -> "quote".equals(text(n, "type")) && n.get("seq").asLong() == q.seq();
    }

    @Test
    void symbolsGivenAtConnectAreSubscribedLikeAnOp() {
        Quote f = feed.emit("F");
        Quote ibm = feed.emit("IBM");
        try (WsTestClient ws = WsTestClient.connect(port, "?symbols=ibm%2Cf")) {
            JsonNode ack = ws.next();
            assertThat(text(ack, "type")).isEqualTo("subscribed");
            assertThat(ack.has("id")).isFalse();
            assertThat(ack.get("symbols")).extracting(JsonNode::asText).containsExactly("IBM", "F");
            assertThat(List.of(ws.next(), ws.next())).extracting(n -> n.get("seq").asLong())
                    .containsExactly(f.seq(), ibm.seq());
        }
    }

    @Test
    void pingIsAnsweredWithPongEchoingTheIdAsSent() {
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.send("{\"op\":\"ping\",\"id\":42}");
            JsonNode pong = ws.next();
            assertThat(text(pong, "type")).isEqualTo("pong");
            assertThat(pong.get("id").isNumber()).isTrue();
            assertThat(pong.get("id").asInt()).isEqualTo(42);
            assertThat(pong.get("ts").asLong()).isGreaterThan(1_700_000_000_000_000L);
            ws.send("{\"op\":\"ping\"}");
            assertThat(ws.next().has("id")).isFalse();
        }
    }

    @Test
    void wildcardSubscribesEverySymbolAndTheSnapshotComesBatchedInOneArrayFrame() {
        for (String s : ManualFeedConfiguration.SYMBOLS) {
            feed.emit(s);
        }
        try (WsTestClient ws = WsTestClient.connect(port, "?symbols=AAPL")) {
            assertThat(text(ws.next(), "type")).isEqualTo("subscribed");
            assertThat(text(ws.next(), "symbol")).isEqualTo("AAPL");
        }
        // max-symbols is 5 here, fewer than the feed's 10: the wildcard is refused as a whole.
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.send("{\"op\":\"subscribe\",\"id\":\"all\",\"symbols\":[\"*\"]}");
            JsonNode err = ws.next();
            assertThat(text(err, "code")).isEqualTo("LIMIT_EXCEEDED");
            assertThat(ws.roundTrip("after")).isEmpty();
        }
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("not json", "BAD_REQUEST", null),
                Arguments.of("[1,2]", "BAD_REQUEST", null),
                Arguments.of("42", "BAD_REQUEST", null),
                Arguments.of("{\"id\":\"a\"}", "BAD_REQUEST", "a"),
                Arguments.of("{\"op\":\"dance\",\"id\":\"b\"}", "BAD_REQUEST", "b"),
                Arguments.of("{\"op\":7,\"id\":\"c\"}", "BAD_REQUEST", "c"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"d\",\"symbols\":\"AAPL\"}", "BAD_REQUEST", "d"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"e\",\"symbols\":[1]}", "BAD_REQUEST", "e"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"f\",\"symbols\":[]}", "BAD_REQUEST", "f"),
                Arguments.of("{\"op\":\"unsubscribe\",\"id\":\"g\"}", "BAD_REQUEST", "g"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":{\"x\":1},\"symbols\":[\"AAPL\"]}", "BAD_REQUEST", null),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"h\",\"symbols\":[\"XYZ\"]}", "UNKNOWN_SYMBOL", "h"),
                Arguments.of("{\"op\":\"subscribe\",\"id\":\"i\",\"symbols\":[\"AAPL\",\"MSFT\",\"TSLA\",\"NVDA\",\"SPY\",\"QQQ\"]}",
                        "LIMIT_EXCEEDED", "i"));
    }

    @ParameterizedTest
    @MethodSource("badFrames")
    void aBadFrameGetsItsErrorAndTheConnectionKeepsWorking(String frame, String code, String id) {
        double before = errors(code);
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.send(frame);
            JsonNode err = ws.next();
            assertThat(text(err, "type")).isEqualTo("error");
            assertThat(text(err, "code")).isEqualTo(code);
            assertThat(text(err, "message")).isNotBlank();
            if (id == null) {
                assertThat(err.has("id")).isFalse();
            }
            else {
                assertThat(text(err, "id")).isEqualTo(id);
            }
            // Still serving: a ping is answered and a valid subscribe works.
            assertThat(ws.roundTrip("alive")).isEmpty();
            ws.send("{\"op\":\"subscribe\",\"id\":\"ok\",\"symbols\":[\"SPY\"]}");
            assertThat(text(ws.nextReply(new ArrayList<>()), "type")).isEqualTo("subscribed");
        }
        assertThat(errors(code)).isEqualTo(before + 1);
    }

    @Test
    void unknownSymbolsAreReportedAndTheValidOnesInTheSameRequestSubscribed() {
        Quote amd = feed.emit("AMD");
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.send("{\"op\":\"subscribe\",\"id\":\"m\",\"symbols\":[\"AMD\",\"NOPE\",\"not a ticker\"]}");
            JsonNode err = ws.next();
            assertThat(text(err, "code")).isEqualTo("UNKNOWN_SYMBOL");
            assertThat(text(err, "id")).isEqualTo("m");
            assertThat(err.get("symbols")).extracting(JsonNode::asText).containsExactly("NOPE", "NOT A TICKER");
            JsonNode ack = ws.next();
            assertThat(text(ack, "type")).isEqualTo("subscribed");
            assertThat(ack.get("symbols")).extracting(JsonNode::asText).containsExactly("AMD");
            assertThat(ws.next().get("seq").asLong()).isEqualTo(amd.seq());
        }
    }

    @Test
    void aBinaryFrameIsABadRequest() {
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(text(ws.next(), "code")).isEqualTo("BAD_REQUEST");
            assertThat(ws.roundTrip("alive")).isEmpty();
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() {
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.send("{\"op\":\"ping\",\"id\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertThat(ws.awaitClose().code()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
        }
        awaitNoConnections();
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() {
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.sendFragmented("{\"op\":\"ping\",\"id\":\"" + "x".repeat(40 * 1024), "y".repeat(40 * 1024) + "\"}");
            assertThat(ws.awaitClose().code()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
        }
        awaitNoConnections();
    }

    @Test
    void aFragmentedMessageUnderTheLimitIsOneRequest() {
        try (WsTestClient ws = WsTestClient.connect(port)) {
            ws.sendFragmented("{\"op\":\"ping\",", "\"id\":\"frag\"}");
            JsonNode pong = ws.next();
            assertThat(text(pong, "type")).isEqualTo("pong");
            assertThat(text(pong, "id")).isEqualTo("frag");
        }
    }

    private double errors(String code) {
        return registry.get(MetricNames.PROTOCOL_ERRORS).tag(MetricNames.CODE, code).counter().count();
    }

    private void awaitNoConnections() {
        await().atMost(WsTestClient.TIMEOUT).until(() -> hub.connections(io.tickwire.gateway.hub.Transport.WS) == 0);
    }
}
