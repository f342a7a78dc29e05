package io.tickwire.system.cluster;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static io.tickwire.system.cluster.ClusterTest.infos;
import static io.tickwire.system.cluster.ClusterTest.seqs;
import static io.tickwire.system.cluster.ClusterTest.subscribe;
import static io.tickwire.system.support.TestCluster.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.gateway.observability.StreamOpens;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.PollClient;
import io.tickwire.gateway.support.SseClient;
import io.tickwire.gateway.support.StreamClient;
import io.tickwire.gateway.support.WsClient;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import io.tickwire.testing.LoopbackPorts;
import io.tickwire.testing.NginxServer;
import io.tickwire.testing.RedisServer;
import io.tickwire.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that loses Redis steps aside (PROTOCOL.md §5), behind a real nginx configured with
 * {@code ops/nginx/tickwire.conf}: node a reaches Redis through a {@link TcpProxy} the test cuts,
 * node b directly. While a's link is down, new WebSocket, SSE and long-poll clients that come
 * through nginx are served by b with the quotes published meanwhile, which a cannot have; a asked
 * directly answers 503 {@code FEED_UNAVAILABLE}; a's own open client stays, with heartbeats, and
 * once the link is back gets every quote it missed, in order, none twice.
 */
class StepAsideTest {

    private static final Duration TIMEOUT = TestCluster.TIMEOUT;
    private static final String[] SYMBOLS = {"STEPA", "STEPB"};

    @TempDir
    static Path dir;
    static RedisServer redis;
    static TcpProxy aToRedis;
    static RedisQuotePublisher publisher;
    static GatewayNode a;
    static GatewayNode b;
    static NginxServer nginx;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start(dir);
        aToRedis = TcpProxy.start(redis.port());
        publisher = new RedisQuotePublisher(RedisURI.create(redis.url()), 100_000);
        publisher.install().then(publisher.define(infos(SYMBOLS))).block(TIMEOUT);
        String[] args = {"--tickwire.client.heartbeat-interval=500ms"};
        CompletableFuture<GatewayNode> startA = CompletableFuture.supplyAsync(() ->
                GatewayNode.start("a", "redis://127.0.0.1:" + aToRedis.port(), dir, args));
        CompletableFuture<GatewayNode> startB = CompletableFuture.supplyAsync(() ->
                GatewayNode.start("b", redis.url(), dir, args));
        a = startA.join();
        b = startB.join();
        nginx = NginxServer.start(Path.of(System.getProperty("tickwire.ops.dir"), "nginx", "tickwire.conf"),
                List.of(a.port, b.port), dir.resolve("nginx"));
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable c : new AutoCloseable[] {nginx, a, b, publisher, aToRedis, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            }
            catch (Exception e) {
                // Stopping what is left; the outcome is decided.
            }
        }
    }

    /** Publishes {@code n} quotes, the symbols in turn; their seqs. */
    static List<Long> publish(int from, int n) {
        return publisher.publish(IntStream.range(from, from + n)
                .mapToObj(i -> quote(SYMBOLS[i % SYMBOLS.length], i)).toList()).block(TIMEOUT);
    }

    static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void newClientsOfANodeThatLostRedisLandOnOneThatHasItAndItsOpenClientResumesOnceItIsBack() {
        try (WsClient onA = subscribe(a, symbols(SYMBOLS).wsSubscribe("1"))) {
            List<Long> before = publish(0, 10);
            assertThat(seqs(onA.quotesThrough(before.get(9)))).isEqualTo(before);
            long aLast = before.get(9);

            // a's link to Redis is cut: open links closed, new ones refused.
            aToRedis.retarget(LoopbackPorts.free());
            aToRedis.cut();
            await().atMost(TIMEOUT).until(() -> a.metric("tickwire_redis_connected") == 0);
            StreamOpens.Answer readiness = StreamOpens.get(a.port, "/actuator/health/readiness");
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.body().at("/components/feedAvailability/details/reason").asText())
                    .isEqualTo("its link is down");
            assertThat(StreamOpens.get(b.port, "/actuator/health/readiness").status()).isEqualTo(200);

            // Asked directly, a refuses every new stream before any upgrade, and still answers snapshots.
            double refusedBefore = a.metric("tickwire_limits_refused_total");
            for (StreamOpens.Answer refused : List.of(StreamOpens.handshake(a.port, "?symbols=STEPA"),
                    StreamOpens.get(a.port, "/sse?symbols=STEPA"),
                    StreamOpens.get(a.port, "/api/quotes/poll?symbols=STEPA&since=" + aLast))) {
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("FEED_UNAVAILABLE");
                assertThat(refused.retryAfter()).isEqualTo("1");
            }
            assertThat(a.metric("tickwire_limits_refused_total") - refusedBefore).isEqualTo(3);
            assertThat(StreamOpens.get(a.port, "/api/quotes?symbols=STEPA").status()).isEqualTo(200);

            // Quotes only b can have; new clients through nginx get them, from b.
            List<Long> during = publish(10, 10);
            long latest = during.get(9);
            List<StreamClient> throughNginx = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    WsClient ws = WsClient.connect(nginx.port());
                    throughNginx.add(ws);
                    ws.send(symbols(SYMBOLS).since(aLast).wsSubscribe("n" + i));
                    ws.awaitAck();
                    SseClient sse = SseClient.open(nginx.port(), symbols(SYMBOLS).since(aLast).ssePath());
                    throughNginx.add(sse);
                    sse.awaitAck();
                }
                for (StreamClient client : throughNginx) {
                    List<Long> got = seqs(client.quotesThrough(latest));
                    assertThat(got).as("fresh quotes, newer than a's last").allMatch(s -> s > aLast).endsWith(latest);
                }
                for (int i = 0; i < 3; i++) {
                    PollClient.Answer poll = new PollClient(nginx.port())
                            .poll("?symbols=STEPA,STEPB&since=" + aLast).block(TIMEOUT);
                    assertThat(poll.status()).isEqualTo(200);
                    assertThat(poll.seq()).isEqualTo(latest);
                    assertThat(poll.quotes()).extracting(Message::seq).allMatch(s -> s > aLast);
                }
                // Which node serves them: b holds the six streams, a only its own client.
                await().atMost(TIMEOUT).until(() -> b.metric("tickwire_connections") == 6);
                assertThat(a.metric("tickwire_connections")).isEqualTo(1);
                // nginx did try a (round robin starts with it) and took its 503 to b.
                assertThat(a.metric("tickwire_limits_refused_total") - refusedBefore).isGreaterThan(3);
            }
            finally {
                throughNginx.forEach(StreamClient::close);
            }

            // a's own client was left open, and its heartbeats go on.
            assertThat(onA.until(Message::isHeartbeat)).allMatch(Message::isHeartbeat);
            assertThat(onA.isEnded()).isFalse();

            aToRedis.retarget(redis.port());
            await().atMost(TIMEOUT).until(() -> a.metric("tickwire_redis_connected") == 1);
            List<Long> after = publish(20, 10);
            assertThat(seqs(onA.quotesThrough(after.get(9)))).as("everything since a's last quote, once each, in order")
                    .isEqualTo(concat(during, after));
            assertThat(StreamOpens.get(a.port, "/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(StreamOpens.get(a.port, "/sse?symbols=STEPA").status()).isEqualTo(200);
        }
    }

    @Test
    void theBalancerKeepsTheActuatorOffThePublicPortWhileEachNodeServesItsOwn() {
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/readiness",
                "/actuator/prometheus", "/actuator/info", "//actuator/prometheus", "/%61ctuator/prometheus",
                "/dashboard/../actuator/prometheus", "/actuator;x=y/prometheus")) {
            assertThat(StreamOpens.get(nginx.port(), path).status()).as(path).isEqualTo(404);
        }
        for (GatewayNode node : List.of(a, b)) {
            assertThat(StreamOpens.get(node.port, "/actuator/prometheus").text()).contains("tickwire_connections");
        }
    }
}
