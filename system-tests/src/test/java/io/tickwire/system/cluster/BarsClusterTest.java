package io.tickwire.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisURI;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chart history in a cluster: two gateway nodes, processes of their own, following one real Redis,
 * the second started after quotes have flowed. Each node says from when its bars are whole, and
 * from the later node's {@code from} on both serve the same bars, since both build them from the
 * stream's quotes and their {@code ts}.
 */
class BarsClusterTest {

    static final long SECOND = 1_000_000L;
    static final String SYMBOL = "HIST";

    @TempDir
    Path dir;

    /** {@code count} quotes of HIST, {@code step} µs apart from {@code start}, prices and volumes rising and falling. */
    static List<Quote> quotes(long start, long step, int count, int offset) {
        return IntStream.range(0, count).mapToObj(i -> {
            double bid = 50 + ((i + offset) * 37 % 11) / 100.0;
            return new Quote(SYMBOL, 0, start + i * step, bid, bid + 0.02, bid + 0.01, 100, 200, 100,
                    10_000 + 25L * (i + offset), 50);
        }).toList();
    }

    static List<JsonNode> bars(JsonNode answer) {
        return StreamSupport.stream(answer.path("bars").spliterator(), false).toList();
    }

    static JsonNode awaitBarAt(GatewayNode node, long t) {
        return await().atMost(TestCluster.TIMEOUT).until(() -> node.getJson("/api/bars?symbol=" + SYMBOL),
                r -> r != null && bars(r).stream().anyMatch(b -> b.path("t").asLong() == t));
    }

    @Test
    void aNodeStartedLaterSaysSoAndFromItsFromOnBothServeTheSameBars() {
        try (RedisServer redis = RedisServer.start(dir);
             RedisQuotePublisher publisher = new RedisQuotePublisher(RedisURI.create(redis.url()), 100_000)) {
            publisher.install().then(publisher.define(List.of(Instrument.equity(SYMBOL, "History Inc.")))).block(TestCluster.TIMEOUT);
            List<GatewayNode> nodes = new ArrayList<>();
            try {
                GatewayNode a = GatewayNode.start("a", redis.url(), dir);
                nodes.add(a);
                long t1 = (Timestamps.nowMicros() / SECOND + 2) * SECOND;
                publisher.publish(quotes(t1, SECOND, 5, 0)).block(TestCluster.TIMEOUT);
                long fromA = awaitBarAt(a, (t1 + 4 * SECOND) / 1000).path("from").asLong();

                GatewayNode b = GatewayNode.start("b", redis.url(), dir);
                nodes.add(b);
                long fromB = b.getJson("/api/bars?symbol=" + SYMBOL).path("from").asLong();
                assertThat(fromB).as("the later node's bars start later").isGreaterThan(fromA);
                assertThat(fromB).as("after every quote it joined too late to see").isGreaterThan((t1 + 4 * SECOND) / 1000);

                // Quotes every 0.4 s from b's from on: bars of two or three quotes each.
                long t2 = fromB * 1000;
                publisher.publish(quotes(t2, 400_000, 12, 5)).block(TestCluster.TIMEOUT);
                long newest = (t2 + 11 * 400_000) / SECOND * 1000;
                JsonNode onA = awaitBarAt(a, newest);
                JsonNode onB = awaitBarAt(b, newest);

                assertThat(onB.path("from").asLong()).isEqualTo(fromB);
                assertThat(onA.path("from").asLong()).isEqualTo(fromA);
                List<JsonNode> barsB = bars(onB);
                assertThat(barsB).hasSize(5);
                assertThat(barsB).allSatisfy(bar -> assertThat(bar.path("t").asLong()).isGreaterThanOrEqualTo(fromB));
                assertThat(barsB.get(0).path("v").asLong()).as("volume grows from the quote before b's from").isEqualTo(75);
                List<JsonNode> barsA = bars(onA);
                assertThat(barsA).as("a has the bars before b's from too").hasSize(10);
                assertThat(barsA.stream().filter(bar -> bar.path("t").asLong() >= fromB).toList()).isEqualTo(barsB);
            }
            finally {
                nodes.forEach(GatewayNode::close);
            }
        }
    }
}
