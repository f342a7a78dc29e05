package io.tickwire.system.cluster;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.system.support.TestCluster.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisCommandExecutionException;
import io.tickwire.feed.Instrument;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway nodes, each a process of its own, following one real Redis that the test publishes
 * into as any publisher would (PROTOCOL.md §7). Each test works on symbols of its own.
 */
class ClusterTest {

    static final Duration TIMEOUT = TestCluster.TIMEOUT;

    @TempDir
    static Path dir;
    static TestCluster cluster;
    static GatewayNode a;
    static GatewayNode b;

    @BeforeAll
    static void startCluster() {
        cluster = TestCluster.start(dir, infos("SEQA", "SEQB", "RESA", "RESB", "RESC", "LAGA", "LAGB", "LATEA",
                "LATEB", "BADA"), "--tickwire.publish.enabled=true");
        a = cluster.a;
        b = cluster.b;
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static List<Instrument> infos(String... symbols) {
        return Stream.of(symbols).map(s -> Instrument.equity(s, s + " Inc.")).toList();
    }

    /** Publishes {@code n} quotes, the symbols in turn; returns their seqs. */
    static List<Long> publish(int n, String... symbols) {
        return cluster.publish(IntStream.range(0, n).mapToObj(i -> quote(symbols[i % symbols.length], i)).toList());
    }

    static WsClient subscribe(GatewayNode node, String request) {
        WsClient ws = WsClient.connect(node.port);
        ws.send(request);
        ws.awaitAck();
        return ws;
    }

    static List<Long> seqs(List<Message> messages) {
        return messages.stream().filter(Message::isQuote).map(Message::seq).toList();
    }

    @Nested
    class EveryNode {

        @Test
        void carriesTheSameSeqsForTheSameSymbolInTheOrderRedisStampedThem() {
            try (WsClient onA = subscribe(a, symbols("SEQA").wsSubscribe("1"));
                 WsClient onB = subscribe(b, symbols("SEQA").wsSubscribe("1"))) {
                List<Long> all = publish(600, "SEQA", "SEQB");
                List<Long> mine = IntStream.range(0, all.size()).filter(i -> i % 2 == 0).mapToObj(all::get).toList();
                long last = mine.get(mine.size() - 1);
                assertThat(seqs(onA.quotesThrough(last))).isEqualTo(mine);
                assertThat(seqs(onB.quotesThrough(last))).isEqualTo(mine);
            }
        }

        @Test
        void carriesASymbolAnnouncedLaterWithoutARestart() {
            cluster.publisher.define(infos("NEWSYM")).block(TIMEOUT);
            for (GatewayNode node : List.of(a, b)) {
                await().atMost(TIMEOUT).until(() -> {
                    JsonNode listed = node.getJson("/api/symbols");
                    return listed != null && StreamSupport.stream(listed.spliterator(), false)
                            .anyMatch(s -> "NEWSYM".equals(s.path("symbol").asText()));
                });
            }
            try (WsClient onA = subscribe(a, symbols("NEWSYM").wsSubscribe("1"));
                 WsClient onB = subscribe(b, symbols("NEWSYM").wsSubscribe("1"))) {
                long seq = publish(1, "NEWSYM").get(0);
                assertThat(seqs(onA.quotesThrough(seq))).containsExactly(seq);
                assertThat(seqs(onB.quotesThrough(seq))).containsExactly(seq);
            }
        }
    }

    @Nested
    class ACursorFromOneNode {

        @Test
        void isHonouredOnTheOtherWithExactlyTheSymbolsThatChangedSince() {
            long cursor;
            try (WsClient onA = subscribe(a, symbols("RESA", "RESB", "RESC").wsSubscribe("1"))) {
                List<Long> before = publish(30, "RESA", "RESB", "RESC");
                List<Long> seen = seqs(onA.quotesThrough(before.get(29)));
                cursor = seen.get(seen.size() - 1);
            }
            List<Long> meanwhile = publish(4, "RESB", "RESB", "RESB", "RESB");
            try (WsClient onB = subscribe(b, symbols("RESA", "RESB", "RESC").since(cursor).wsSubscribe("1"))) {
                // B may not have read all four from Redis when the client arrives: it then sends the
                // latest RESB it holds and the rest live. Either way only RESB, in order, ending at the last.
                List<Message> resumed = onB.quotesThrough(meanwhile.get(3));
                assertThat(resumed).extracting(Message::symbol).containsOnly("RESB");
                assertThat(seqs(resumed)).isSorted().doesNotHaveDuplicates().isSubsetOf(meanwhile)
                        .endsWith(meanwhile.get(3));
                long live = publish(1, "RESC").get(0);
                assertThat(seqs(onB.quotesThrough(live))).containsExactly(live);
            }
        }

        @Test
        void isHonouredOnANodeThatIsBehindItNothingUpToItIsSentAgain() {
            // The cursor of a client whose node has read 1,000 quotes in one call: this node is
            // subscribed to as soon as Redis has them, while it is likely still reading them (seqs
            // follow Redis's clock, so no cursor can be made up before the call).
            long cursor = publish(1_000, "LAGA", "LAGB").get(999);
            try (WsClient onB = subscribe(b, symbols("LAGA", "LAGB").since(cursor).wsSubscribe("1"))) {
                long after = publish(1, "LAGB").get(0);
                assertThat(seqs(onB.quotesThrough(after))).containsExactly(after);
            }
        }
    }

    @Nested
    class ANodeStartedLate {

        @Test
        void servesTheLatestQuoteOfEverySymbolAtOnce() {
            List<Long> seqs = publish(40, "LATEA", "LATEB");
            try (GatewayNode late = GatewayNode.start("late", cluster.redis.url(), dir)) {
                JsonNode snapshot = late.getJson("/api/quotes?symbols=LATEA,LATEB");
                List<Long> got = StreamSupport.stream(snapshot.path("quotes").spliterator(), false)
                        .map(q -> q.path("seq").asLong()).toList();
                assertThat(got).containsExactly(seqs.get(38), seqs.get(39));
                assertThat(snapshot.path("seq").asLong()).isGreaterThanOrEqualTo(seqs.get(39));
            }
        }
    }

    @Nested
    class ABadQuote {

        @Test
        void isRefusedWholeAndNoClientSeesAnyQuoteOfItsCall() {
            try (WsClient onA = subscribe(a, symbols("BADA").wsSubscribe("1"));
                 WsClient onB = subscribe(b, symbols("BADA").wsSubscribe("1"))) {
                // Crossed: bid above ask, after a good quote in the same call.
                String good = "{\"symbol\":\"BADA\",\"bid\":10.00,\"ask\":10.01,\"last\":10.00,\"bidSize\":1,"
                        + "\"askSize\":1,\"lastSize\":1,\"volume\":5,\"open\":10.00}";
                String crossed = good.replace("\"bid\":10.00,\"ask\":10.01", "\"bid\":10.02,\"ask\":10.01");
                assertThat(cluster.redis.command("FCALL tickwire_publish 0 '" + good + "' '" + crossed + "'"))
                        .startsWith("-BADQUOTE quote 2 (BADA): bid must be < ask");
                // A symbol nobody announced, after a good quote in the same call.
                assertThatThrownBy(() -> cluster.publisher.publish(List.of(quote("BADA", 3), quote("NOSUCH", 4))).block(TIMEOUT))
                        .isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessageContaining("quote 2 (NOSUCH)").hasMessageContaining("unknown symbol");
                long marker = publish(1, "BADA").get(0);
                for (StreamClient client : List.of(onA, onB)) {
                    assertThat(seqs(client.quotesThrough(marker))).as("only the marker, nothing of the refused call")
                            .containsExactly(marker);
                }
            }
        }
    }

    @Nested
    class PublishingOverHttp {

        static final String INSTRUMENTS = "[{\"symbol\":\"EUR/USD\",\"name\":\"Euro / US Dollar\",\"type\":\"fx\","
                + "\"tickSize\":0.00001},{\"symbol\":\"BTC-USD\",\"name\":\"Bitcoin\",\"type\":\"crypto\","
                + "\"tickSize\":0.01,\"sizeDecimals\":8},{\"symbol\":\"ESZ6\",\"type\":\"future\",\"tickSize\":0.25}]";

        static String quote(String symbol, String bid, String ask, String size) {
            return "{\"symbol\":\"" + symbol + "\",\"bid\":" + bid + ",\"ask\":" + ask + ",\"last\":" + bid
                    + ",\"bidSize\":" + size + ",\"askSize\":" + size + ",\"lastSize\":" + size + ",\"volume\":" + size
                    + ",\"open\":" + bid + "}";
        }

        /** The latest quote of {@code symbol} on {@code node}, once its seq is at least {@code seq}. */
        JsonNode latestOn(GatewayNode node, String symbol, long seq) {
            String path = "/api/quotes?symbols=" + java.net.URLEncoder.encode(symbol, java.nio.charset.StandardCharsets.UTF_8);
            return await().atMost(TIMEOUT).until(() -> node.getJson(path),
                    q -> q != null && q.path("quotes").path(0).path("seq").asLong() >= seq).get("quotes").get(0);
        }

        @Test
        void instrumentsDefinedOnOneNodeAndQuotesPublishedOnTheOtherReachBothAtTheirDigits() {
            GatewayNode.Answer defined = b.post("/api/instruments", INSTRUMENTS);
            assertThat(defined.status()).as(defined.body().toString()).isEqualTo(200);
            GatewayNode.Answer published = a.post("/api/publish", "[" + quote("EUR/USD", "1.08345", "1.08347", "1000000")
                    + "," + quote("BTC-USD", "97123.45", "97123.46", "0.0153") + "," + quote("ESZ6", "6012.25", "6012.5", "3")
                    + "]");
            assertThat(published.status()).as(published.body().toString()).isEqualTo(200);
            long last = published.body().get("lastSeq").asLong();
            assertThat(last - published.body().get("firstSeq").asLong()).isEqualTo(2);
            for (GatewayNode node : List.of(a, b)) {
                JsonNode btc = latestOn(node, "BTC-USD", last - 1);
                assertThat(btc.get("bidSize").decimalValue().toPlainString()).isEqualTo("0.0153");
                assertThat(btc.get("bid").decimalValue().toPlainString()).isEqualTo("97123.45");
                assertThat(latestOn(node, "EUR/USD", last - 2).get("ask").decimalValue().toPlainString())
                        .isEqualTo("1.08347");
                assertThat(latestOn(node, "ESZ6", last).get("ask").decimalValue().toPlainString()).isEqualTo("6012.50");
            }
        }

        @Test
        void aBadQuoteIsRefusedWholeWithRedissReasonAndTheIndexOfTheQuote() {
            a.post("/api/instruments", INSTRUMENTS);
            String before = cluster.redis.command("HGET tickwire:stats quotes");
            GatewayNode.Answer refused = a.post("/api/publish", "[" + quote("EUR/USD", "1.08345", "1.08347", "1") + ","
                    + quote("ESZ6", "6012.1", "6012.5", "1") + "]");
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("code").asText()).isEqualTo("BAD_QUOTE");
            assertThat(refused.body().get("index").asInt()).isEqualTo(1);
            assertThat(refused.body().get("message").asText())
                    .isEqualTo("quotes[1] (ESZ6): bid 6012.1 is not a multiple of the tick 0.25");
            assertThat(cluster.redis.command("HGET tickwire:stats quotes")).as("nothing published").isEqualTo(before);
            GatewayNode.Answer badInstrument = b.post("/api/instruments", "[{\"symbol\":\"X\",\"type\":\"bond\"}]");
            assertThat(badInstrument.status()).isEqualTo(400);
            assertThat(badInstrument.body().get("message").asText())
                    .isEqualTo("instruments[0] (X): type must be one of equity, etf, fx, crypto, future, index, other");
        }
    }
}
