package io.tickwire.system.cluster;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tickwire.client.ConnectionState;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.Transport;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.WsClient;
import io.tickwire.system.support.AppRecorder;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import io.tickwire.testing.NginxServer;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node lost from under its clients, behind a real nginx configured with
 * {@code ops/nginx/tickwire.conf}: killed (SIGKILL), or stopped for an upgrade (SIGTERM). Its
 * clients reconnect through nginx to the other node and resume; none is left with a stale symbol.
 * The clients of a killed node are applications using the Java client over both transports; those
 * of a stopped node are protocol-level clients, as the close status each was told is the point.
 */
class FailoverTest {

    private static final Logger log = LoggerFactory.getLogger(FailoverTest.class);
    private static final Duration TIMEOUT = PATIENCE;
    private static final List<String> UNIVERSE = IntStream.range(0, 20).mapToObj(i -> "FO" + i).toList();
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @TempDir
    Path dir;
    TestCluster cluster;
    RedisServer redis;
    GatewayNode a;
    NginxServer nginx;
    TestCluster.Market market;

    @BeforeEach
    void startCluster() {
        cluster = TestCluster.start(dir, TestCluster.symbols("FO", UNIVERSE.size()));
        redis = cluster.redis;
        a = cluster.a;
        nginx = cluster.nginx();
        // A steady market: 10 quotes every 20 ms over the 20 symbols.
        market = cluster.market(TestCluster.symbols("FO", UNIVERSE.size()), 10, Duration.ofMillis(20));
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** Stops the market, then waits until every client holds Redis's latest quote of each of its symbols. */
    void awaitEveryClientCurrent(ResumingClients clients) {
        market.stop();
        Map<String, Long> truth = redisLatest();
        assertThat(truth.keySet()).containsExactlyInAnyOrderElementsOf(UNIVERSE);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            clients.pump();
            assertThat(clients.stale(truth)).as("clients without the latest quote of a symbol").isEmpty();
        });
    }

    /** The seq of each symbol's latest quote, as Redis holds it. */
    Map<String, Long> redisLatest() {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Map<String, Long> out = new HashMap<>();
            c.sync().hgetall("tickwire:latest").forEach((symbol, json) -> {
                Matcher m = SEQ.matcher(json);
                assertThat(m.find()).isTrue();
                out.put(symbol, Long.parseLong(m.group(1)));
            });
            return out;
        }
        finally {
            client.shutdown();
        }
    }

    @Test
    void killingANodeUnder200ClientsLeavesEveryClientLiveOnTheOtherWithNoStaleSymbol() {
        // Applications using the Java client, half over WebSocket, half over SSE, through nginx.
        List<AppRecorder> apps = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                TickwireClient client = TickwireClient.builder("http://127.0.0.1:" + nginx.port())
                        .transport(i % 2 == 0 ? Transport.WEBSOCKET : Transport.SSE)
                        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
                apps.add(new AppRecorder(client, IntStream.range(i, i + 3)
                        .mapToObj(k -> UNIVERSE.get(k % UNIVERSE.size())).toArray(String[]::new)));
            }
            long start = System.nanoTime();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> apps.stream().allMatch(app -> app.quotedSince(start)));

            a.kill();
            long killed = System.nanoTime();
            // How soon is logged, not asserted: a busy machine may take its time; every client must get there.
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> apps.stream().allMatch(app -> app.quotedSince(killed)));
            long moved = apps.stream().filter(app -> app.times(ConnectionState.RECONNECTING) > 0).count();
            assertThat(moved).as("the killed node's clients reconnected").isPositive();
            assertThat(moved).as("round robin put clients on both nodes").isLessThan(apps.size());
            log.info("{} of 200 clients moved off the killed node; all live again {} ms after the kill", moved,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

            market.stop();
            Map<String, Long> truth = redisLatest();
            assertThat(truth.keySet()).containsExactlyInAnyOrderElementsOf(UNIVERSE);
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertThat(apps)
                    .as("every client holds the latest quote of each of its symbols")
                    .allSatisfy(app -> assertThat(app.latest()).hasSize(3).allSatisfy((symbol, seq) ->
                            assertThat(seq).as(symbol).isEqualTo(truth.get(symbol)))));
            apps.forEach(app -> {
                app.assertEachSymbolsSeqsRise();
                assertThat(app.error.get()).isNull();
            });
        }
        finally {
            apps.forEach(AppRecorder::close);
        }
    }

    @Test
    void stoppingANodeEndsEveryStreamAsGoingAwayAndItsClientsResumeOnTheOther() {
        try (ResumingClients clients = new ResumingClients(nginx.port(), 40, UNIVERSE, 3);
             WsClient ws = WsClient.connect(a.port, "?symbols=FO1,FO2");
             SseClient sse = SseClient.open(a.port, "/sse?symbols=FO1,FO2")) {
            long start = System.nanoTime();
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
                clients.pump();
                return clients.allLiveSince(start);
            });
            ws.awaitAck();
            ws.nextQuote();
            sse.awaitAck();
            sse.nextQuote();
            // Waits for a quote newer than any there can be: answered only by the node stopping.
            PollClient.Waiting poll = new PollClient(a.port).start("?symbols=FO1&since=" + Long.MAX_VALUE / 2 + "&timeout=60");
            await().atMost(TIMEOUT).until(() -> a.metric("tickwire_connections{transport=\"poll\"}") == 1);

            a.terminate();
            long stopped = System.nanoTime();
            // Ended by the drain, not by the process dying: a WebSocket close 1001 (going away), and the
            // poll, which no quote and no timeout of its own could answer, answered empty.
            assertThat(ws.awaitEnd(TIMEOUT)).as("the WebSocket ended").isTrue();
            assertThat(ws.closeStatus()).isEqualTo(1001);
            assertThat(sse.awaitEnd(TIMEOUT)).as("the SSE stream ended").isTrue();
            PollClient.Answer answer = poll.answer().orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.quotes()).isEmpty();
            assertThat(a.awaitExit(TIMEOUT)).as("the node exited").isTrue();

            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
                clients.pump();
                return clients.allLiveSince(stopped);
            });
            List<Integer> statuses = new ArrayList<>();
            clients.clients().stream().filter(c -> c.reconnects > 0).forEach(c -> statuses.add(c.lastCloseStatus));
            assertThat(statuses).as("every client of the stopped node was told to go elsewhere").isNotEmpty()
                    .allMatch(s -> s != null && s == 1001);
            awaitEveryClientCurrent(clients);
        }
    }
}
