package io.tickwire.system.cluster;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.system.cluster.ClusterTest.infos;
import static io.tickwire.system.cluster.ClusterTest.seqs;
import static io.tickwire.system.cluster.ClusterTest.subscribe;
import static io.tickwire.system.support.TestCluster.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.WsClient;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes and their clients through Redis going away: stopped and back, and back empty. */
class RedisOutageTest {

    private static final Duration TIMEOUT = TestCluster.TIMEOUT;

    @TempDir
    Path dir;
    TestCluster cluster;
    RedisServer redis;
    GatewayNode a;
    GatewayNode b;

    @BeforeEach
    void startCluster() {
        cluster = TestCluster.start(dir, infos("OUTA", "OUTB"));
        redis = cluster.redis;
        a = cluster.a;
        b = cluster.b;
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    List<Long> publish(int from, int n) {
        return cluster.publish(IntStream.range(from, from + n).mapToObj(i -> quote(i % 2 == 0 ? "OUTA" : "OUTB", i)).toList());
    }

    static boolean redisConnected(GatewayNode node) {
        return node.metric("tickwire_redis_connected") == 1;
    }

    static String healthOf(GatewayNode node, String component) {
        JsonNode health = node.getJson("/actuator/health");
        assertThat(health).as(node + " answers /actuator/health").isNotNull();
        return health.at("/components/" + component + "/status").asText();
    }

    @Test
    void nodesGoOnFromTheLastEntryTheyReadAndLoseNothingPublishedOnceRedisIsBack() {
        try (WsClient onA = subscribe(a, symbols("OUTA", "OUTB").wsSubscribe("1"));
             WsClient onB = subscribe(b, symbols("OUTA", "OUTB").wsSubscribe("1"))) {
            List<Long> before = publish(0, 20);
            assertThat(seqs(onA.quotesThrough(before.get(19)))).isEqualTo(before);
            assertThat(seqs(onB.quotesThrough(before.get(19)))).isEqualTo(before);

            redis.stop(true);
            for (GatewayNode node : List.of(a, b)) {
                await().atMost(TIMEOUT).until(() -> node.metric("tickwire_redis_connected") == 0);
                assertThat(healthOf(node, "feed")).isEqualTo("DOWN");
                assertThat(healthOf(node, "redis")).isEqualTo("DOWN");
            }
            redis.restart();

            List<Long> after = publish(20, 50);
            assertThat(after.get(0)).as("seq goes on above where it was").isGreaterThan(before.get(19));
            assertThat(seqs(onA.quotesThrough(after.get(49)))).isEqualTo(after);
            assertThat(seqs(onB.quotesThrough(after.get(49)))).isEqualTo(after);
            for (GatewayNode node : List.of(a, b)) {
                await().atMost(TIMEOUT).until(() -> redisConnected(node));
                assertThat(healthOf(node, "feed")).isEqualTo("UP");
                assertThat(node.metric("tickwire_redis_reconnects_total")).isPositive();
                assertThat(node.metric("tickwire_redis_gaps_total")).isZero();
            }
        }
    }

    @Test
    void aRedisThatCameBackEmptyStartsANewLifeSeqKeepsGrowingAndEveryClientEndsCurrent() {
        try (WsClient onA = subscribe(a, symbols("OUTA", "OUTB").wsSubscribe("1"));
             WsClient onB = subscribe(b, symbols("OUTA", "OUTB").wsSubscribe("1"))) {
            List<Long> before = publish(0, 10);
            assertThat(seqs(onA.quotesThrough(before.get(9)))).isEqualTo(before);
            assertThat(seqs(onB.quotesThrough(before.get(9)))).isEqualTo(before);

            redis.stop(false);
            redis.restart();
            // The publisher loads the library and announces its symbols again by itself.
            List<Long> after = publish(10, 10);
            assertThat(after.get(0)).as("a new life starts above every earlier seq").isGreaterThan(before.get(9));

            for (WsClient client : List.of(onA, onB)) {
                List<Message> got = client.quotesThrough(after.get(9));
                List<Long> seqs = seqs(got);
                assertThat(seqs).isSorted().doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).isGreaterThan(before.get(9)));
                Map<String, Long> latest = new HashMap<>();
                got.forEach(m -> latest.put(m.symbol(), m.seq()));
                assertThat(latest).containsEntry("OUTA", after.get(8)).containsEntry("OUTB", after.get(9));
            }
            for (GatewayNode node : List.of(a, b)) {
                await().atMost(TIMEOUT).until(() -> node.metric("tickwire_redis_gaps_total") >= 1);
            }
        }
    }
}
