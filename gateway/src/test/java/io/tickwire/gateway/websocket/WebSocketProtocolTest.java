package io.tickwire.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.ManualFeedConfiguration;
import io.tickwire.gateway.support.ManualFeedGatewayTest;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The WebSocket protocol (PROTOCOL.md §2) on the real server: subscriptions, requests, errors, frame limits. */
class WebSocketProtocolTest extends ManualFeedGatewayTest {

    private static Predicate<Message> seqIs(Quote q) {
        return m -> m.isQuote() && m.seq() == q.seq();
    }

    private double errors(String code) {
        return registry.get(MetricNames.PROTOCOL_ERRORS).tag(MetricNames.CODE, code).counter().count();
    }

    @Nested
    class Subscriptions {

        @Test
        void subscriberGetsAckThenSnapshotThenOnlyItsSymbolsAndNothingOfAnUnsubscribedOne() {
            Quote aapl = feed.emit("AAPL");
            Quote msft = feed.emit("MSFT");
            feed.emit("TSLA");
            try (WsClient ws = WsClient.connect(port)) {
                ws.send("{\"op\":\"subscribe\",\"id\":\"1\",\"symbols\":[\"AAPL\",\"MSFT\"]}");
                Message ack = ws.next();
                assertThat(ack.type()).isEqualTo("subscribed");
                assertThat(ack.text("id")).isEqualTo("1");
                assertThat(ack.body().get("symbols")).extracting(JsonNode::asText).containsExactly("AAPL", "MSFT");
                // The snapshot, in seq order, before anything live.
                assertThat(List.of(ws.next(), ws.next())).extracting(m -> m.symbol() + "@" + m.seq())
                        .containsExactly("AAPL@" + aapl.seq(), "MSFT@" + msft.seq());

                Quote lastWanted = null;
                for (String s : List.of("TSLA", "AAPL", "NVDA", "MSFT", "TSLA", "AAPL")) {
                    Quote q = feed.emit(s);
                    if (Set.of("AAPL", "MSFT").contains(s)) {
                        lastWanted = q;
                    }
                }
                // Quotes arrive in seq order, so anything unwanted would show up before the last wanted one.
                List<Message> live = ws.until(seqIs(lastWanted));
                assertThat(live).extracting(Message::symbol).containsOnly("AAPL", "MSFT");

                ws.send("{\"op\":\"unsubscribe\",\"id\":\"2\",\"symbols\":[\"MSFT\"]}");
                feed.emit("MSFT");
                Message unack = ws.nextReply();
                assertThat(unack.type()).isEqualTo("unsubscribed");
                assertThat(unack.text("id")).isEqualTo("2");
                assertThat(unack.body().get("symbols")).extracting(JsonNode::asText).containsExactly("MSFT");

                feed.emit("MSFT");
                Quote lastAapl = feed.emit("AAPL");
                assertThat(ws.until(seqIs(lastAapl))).extracting(Message::symbol).containsOnly("AAPL");
            }
        }

        @Test
        void symbolsGivenAtConnectAreSubscribedLikeAnOp() {
            Quote f = feed.emit("F");
            Quote ibm = feed.emit("IBM");
            try (WsClient ws = WsClient.connect(port, "?symbols=ibm%2Cf")) {
                Message ack = ws.next();
                assertThat(ack.type()).isEqualTo("subscribed");
                assertThat(ack.body().has("id")).isFalse();
                assertThat(ack.body().get("symbols")).extracting(JsonNode::asText).containsExactly("IBM", "F");
                assertThat(List.of(ws.next(), ws.next())).extracting(Message::seq).containsExactly(f.seq(), ibm.seq());
            }
        }

        @Test
        void theWildcardCountsEverySymbolAgainstTheLimitAndOverItIsRefusedWhole() {
            for (String s : ManualFeedConfiguration.SYMBOLS) {
                feed.emit(s);
            }
            try (WsClient ws = WsClient.connect(port, "?symbols=AAPL")) {
                assertThat(ws.next().type()).isEqualTo("subscribed");
                assertThat(ws.next().symbol()).isEqualTo("AAPL");
            }
            // max-symbols is 5 here, fewer than the feed's 10: the wildcard is refused as a whole.
            try (WsClient ws = WsClient.connect(port)) {
                ws.send("{\"op\":\"subscribe\",\"id\":\"all\",\"symbols\":[\"*\"]}");
                Message err = ws.next();
                assertThat(err.text("code")).isEqualTo("LIMIT_EXCEEDED");
                assertThat(ws.roundTrip("after")).isEmpty();
            }
        }

        @Test
        void unknownSymbolsAreReportedAndTheValidOnesInTheSameRequestSubscribed() {
            Quote amd = feed.emit("AMD");
            try (WsClient ws = WsClient.connect(port)) {
                ws.send("{\"op\":\"subscribe\",\"id\":\"m\",\"symbols\":[\"AMD\",\"NOPE\",\"not a ticker\"]}");
                Message err = ws.next();
                assertThat(err.text("code")).isEqualTo("UNKNOWN_SYMBOL");
                assertThat(err.text("id")).isEqualTo("m");
                assertThat(err.body().get("symbols")).extracting(JsonNode::asText).containsExactly("NOPE", "not a ticker");
                Message ack = ws.next();
                assertThat(ack.type()).isEqualTo("subscribed");
                assertThat(ack.body().get("symbols")).extracting(JsonNode::asText).containsExactly("AMD");
                assertThat(ws.next().seq()).isEqualTo(amd.seq());
            }
        }
    }

    @Nested
    class Requests {

        @Test
        void pingIsAnsweredWithPongEchoingTheIdAsSent() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.send("{\"op\":\"ping\",\"id\":42}");
                Message pong = ws.next();
                assertThat(pong.type()).isEqualTo("pong");
                assertThat(pong.body().get("id").isNumber()).isTrue();
                assertThat(pong.body().get("id").asInt()).isEqualTo(42);
                assertThat(pong.body().get("ts").asLong()).isGreaterThan(1_700_000_000_000_000L);
                ws.send("{\"op\":\"ping\"}");
                assertThat(ws.next().body().has("id")).isFalse();
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
            try (WsClient ws = WsClient.connect(port)) {
                ws.send(frame);
                Message err = ws.next();
                assertThat(err.type()).isEqualTo("error");
                assertThat(err.text("code")).isEqualTo(code);
                assertThat(err.text("message")).isNotBlank();
                if (id == null) {
                    assertThat(err.body().has("id")).isFalse();
                }
                else {
                    assertThat(err.text("id")).isEqualTo(id);
                }
                // Still serving: a ping is answered and a valid subscribe works.
                assertThat(ws.roundTrip("alive")).isEmpty();
                ws.send("{\"op\":\"subscribe\",\"id\":\"ok\",\"symbols\":[\"SPY\"]}");
                assertThat(ws.nextReply().type()).isEqualTo("subscribed");
            }
            assertThat(errors(code)).isEqualTo(before + 1);
        }

        @Test
        void aBinaryFrameIsABadRequest() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.sendBinary(new byte[] {1, 2, 3});
                assertThat(ws.next().text("code")).isEqualTo("BAD_REQUEST");
                assertThat(ws.roundTrip("alive")).isEmpty();
            }
        }

        @Test
        void aFragmentedMessageUnderTheLimitIsOneRequest() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.sendFragmented("{\"op\":\"ping\",", "\"id\":\"frag\"}");
                Message pong = ws.next();
                assertThat(pong.type()).isEqualTo("pong");
                assertThat(pong.text("id")).isEqualTo("frag");
            }
        }
    }

    @Nested
    class AMessageOverTheFrameLimit {

        @Test
        void inOneFrameClosesWith1009() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.send("{\"op\":\"ping\",\"id\":\"" + "x".repeat(70 * 1024) + "\"}");
                assertThat(ws.closeStatus()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
            }
            awaitNoConnections();
        }

        @Test
        void inFragmentsClosesWith1009() {
            try (WsClient ws = WsClient.connect(port)) {
                ws.sendFragmented("{\"op\":\"ping\",\"id\":\"" + "x".repeat(40 * 1024), "y".repeat(40 * 1024) + "\"}");
                assertThat(ws.closeStatus()).isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
            }
            awaitNoConnections();
        }

        private void awaitNoConnections() {
            await().atMost(StreamClient.TIMEOUT).until(() -> hub.connections(Transport.WS) == 0);
        }
    }
}
