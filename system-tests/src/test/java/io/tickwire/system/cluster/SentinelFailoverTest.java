package io.tickwire.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.feed.redis.WaitForReplicas;
import io.tickwire.system.support.TestCluster;
import io.tickwire.testing.GatewayNode;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis failing over under a running cluster, every part a real process: a primary and its
 * replicas, three Redis Sentinels, two gateway nodes that know Redis only through the sentinels
 * ({@code spring.data.redis.sentinel.*}), a publisher at a steady rate that knows it the same way,
 * and WebSocket clients on both nodes. The primary is killed ({@code kill -9}); a replica is
 * promoted, and everyone finds it by themselves.
 */
class SentinelFailoverTest {

    private static final Logger log = LoggerFactory.getLogger(SentinelFailoverTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final List<Instrument> SYMBOLS = TestCluster.symbols("SF", 20);
    private static final List<String> UNIVERSE = SYMBOLS.stream().map(Instrument::symbol).toList();

    @TempDir
    Path dir;
    SentinelRedis redis;
    RedisQuotePublisher publisher;
    RecordingMarket market;
    final List<GatewayNode> nodes = new ArrayList<>();
    final List<ResumingClients> clients = new ArrayList<>();

    /** Redis with {@code replicas}, the publisher acknowledging as {@code waitFor} says, two nodes, 20 clients on each. */
    void start(int replicas, WaitForReplicas waitFor) {
        redis = new SentinelRedis(dir, replicas);
        publisher = new RedisQuotePublisher(redis.uri(), 1_000_000, waitFor);
        publisher.install().then(publisher.define(SYMBOLS)).block(TIMEOUT);
        // The URL names the primary, which dies: the nodes must go by the sentinels (which Spring Boot puts first).
        CompletableFuture<GatewayNode> a = CompletableFuture.supplyAsync(() -> GatewayNode.start("a",
                redis.primary.url(), dir, redis.nodeArgs()));
        CompletableFuture<GatewayNode> b = CompletableFuture.supplyAsync(() -> GatewayNode.start("b",
                redis.primary.url(), dir, redis.nodeArgs()));
        nodes.add(a.join());
        nodes.add(b.join());
        // A steady market: 10 quotes every 20 ms over the 20 symbols.
        market = new RecordingMarket(publisher, SYMBOLS, 10, Duration.ofMillis(20));
        for (GatewayNode node : nodes) {
            clients.add(new ResumingClients(node.port, 20, UNIVERSE, 3));
        }
        long start = System.nanoTime();
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> pumpAll() && allLiveSince(start));
    }

    @AfterEach
    void stop() {
        if (market != null) {
            market.stop();
        }
        clients.forEach(ResumingClients::close);
        nodes.forEach(GatewayNode::close);
        if (publisher != null) {
            publisher.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    boolean pumpAll() {
        clients.forEach(ResumingClients::pump);
        return true;
    }

    boolean allLiveSince(long nanos) {
        return clients.stream().allMatch(c -> c.allLiveSince(nanos));
    }

    /** Every client has seen a quote with a seq above {@code seq}. */
    boolean allPast(long seq) {
        return clients.stream().allMatch(cs -> cs.clients().stream().allMatch(c -> c.cursor > seq));
    }

    /** Kills the primary; returns once every sentinel names a replica, which it returns. */
    RedisServer killPrimaryAndAwaitPromotion(long killed) {
        redis.primary.kill();
        RedisServer promoted = await().atMost(TIMEOUT).pollInterval(POLL).until(() -> {
            pumpAll();
            return redis.promoted();
        }, r -> r != null);
        assertThat(promoted.info("replication")).containsEntry("role", "master");
        log.info("Sentinel promoted the replica on port {} {} ms after the kill", promoted.port(), millisSince(killed));
        return promoted;
    }

    /**
     * Waits until the publisher has a call acknowledged after the kill, with seqs above every one
     * acknowledged before it, then until every client has a quote above those: published through
     * the promoted primary, and read from it by its node.
     */
    void awaitPublishingResumedAndEveryClientOnIt(long killed, List<Long> ackedBefore) {
        long highestBefore = ackedBefore.stream().mapToLong(Long::longValue).max().orElseThrow();
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> pumpAll() && !market.ackedAfter(killed).isEmpty());
        long resumed = millisSince(killed);
        assertThat(market.ackedAfter(killed).get(0).seqs().get(0)).as("seq goes on above every seq used before")
                .isGreaterThan(highestBefore);
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> pumpAll() && allPast(highestBefore));
        log.info("Publishing resumed (a call acknowledged) {} ms after the kill; every client had a quote published "
                + "after it {} ms after the kill; {} calls failed or went unacknowledged", resumed, millisSince(killed),
                market.failures());
    }

    /** Stops the market; every client ends holding the promoted primary's latest quote of each of its symbols. */
    void awaitEveryClientCurrent(RedisServer promoted, long killed) {
        market.stop();
        Map<String, Long> truth = SentinelRedis.latest(promoted);
        assertThat(truth.keySet()).containsExactlyInAnyOrderElementsOf(UNIVERSE);
        await().atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
            pumpAll();
            for (ResumingClients c : clients) {
                assertThat(c.stale(truth)).as("clients without the latest quote of a symbol").isEmpty();
            }
        });
        for (ResumingClients c : clients) {
            assertThat(c.outOfOrder()).as("clients whose seq went back or repeated").isEmpty();
        }
        log.info("Every client holds the promoted primary's latest quotes ({} ms after the kill, the market stopped)",
                millisSince(killed));
    }

    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Test
    void aReplicaBehindIsPromotedPublishingResumesSeqNeverGoesBackAndEveryNodeCountsTheBreak() {
        start(1, WaitForReplicas.NONE);
        // The replica stops hearing from the primary: what is published from now on, it misses.
        redis.cutFirstReplica();
        RedisServer replica = redis.replicas.get(0);
        // Every client holds quotes the replica never got.
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> pumpAll() && allPast(SentinelRedis.lastSeq(replica)));
        long replicaSeq = SentinelRedis.lastSeq(replica);

        long killed = System.nanoTime();
        List<Long> ackedBefore = market.ackedBefore(killed);
        RedisServer promoted = killPrimaryAndAwaitPromotion(killed);
        assertThat(promoted).isSameAs(replica);
        List<Long> lost = SentinelRedis.missing(promoted, ackedBefore);
        assertThat(lost).as("quotes acknowledged before the kill that the promoted replica never got").isNotEmpty()
                .allSatisfy(s -> assertThat(s).isGreaterThan(replicaSeq));

        log.info("{} of {} quotes acknowledged before the kill lost (the replica cut off on purpose)", lost.size(),
                ackedBefore.size());
        // Publishing resumes by itself, above every seq used before (the clock rule), though the replica was behind.
        awaitPublishingResumedAndEveryClientOnIt(killed, ackedBefore);

        awaitEveryClientCurrent(promoted, killed);
        for (GatewayNode node : nodes) {
            assertThat(node.metric("tickwire_redis_gaps_total")).as(node + " counted the break").isGreaterThanOrEqualTo(1);
        }
        awaitNodesOnThePromotedPrimary();
    }

    /** The feed's link, and Spring Boot's own connection factory (the {@code redis} health component), are up again. */
    void awaitNodesOnThePromotedPrimary() {
        for (GatewayNode node : nodes) {
            await().atMost(TIMEOUT).pollInterval(POLL).untilAsserted(() -> {
                assertThat(node.metric("tickwire_redis_connected")).as(node + " feed").isEqualTo(1);
                assertThat(node.getJson("/actuator/health").at("/components/redis/status").asText()).as(node + " health")
                        .isEqualTo("UP");
            });
        }
    }

    @Test
    void withWaitReplicasNoQuoteAcknowledgedBeforeTheKillIsLost() {
        // Two replicas: one is promoted, the other follows it, so acknowledgements go on after the failover.
        start(2, new WaitForReplicas(1, Duration.ofSeconds(1)));
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> pumpAll() && market.acks().size() >= 50);

        long killed = System.nanoTime();
        List<Long> ackedBefore = market.ackedBefore(killed);
        RedisServer promoted = killPrimaryAndAwaitPromotion(killed);
        awaitPublishingResumedAndEveryClientOnIt(killed, ackedBefore);

        assertThat(ackedBefore).hasSizeGreaterThanOrEqualTo(500);
        assertThat(SentinelRedis.missing(promoted, ackedBefore)).as("acknowledged quotes lost").isEmpty();
        List<Long> ackedAfter = market.ackedAfter(killed).stream().flatMap(a -> a.seqs().stream()).toList();
        assertThat(SentinelRedis.missing(promoted, ackedAfter)).isEmpty();
        awaitEveryClientCurrent(promoted, killed);
        awaitNodesOnThePromotedPrimary();
    }
}
