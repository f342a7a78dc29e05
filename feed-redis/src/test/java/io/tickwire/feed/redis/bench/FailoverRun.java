package io.tickwire.feed.redis.bench;

import static io.tickwire.feed.redis.bench.SentinelBench.check;
import static io.tickwire.feed.redis.bench.SentinelBench.ms;
import static io.tickwire.feed.redis.bench.SentinelBench.park;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.feed.redis.RedisFeedSettings;
import io.tickwire.feed.redis.RedisQuoteFeed;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.feed.redis.Sentinels;
import io.tickwire.feed.redis.WaitForReplicas;
import io.tickwire.testing.RedisSentinel;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One failover of {@link SentinelBench}: a primary, two replicas and three sentinels (quorum 2,
 * down after 1 s), fresh; a publisher and a feed through the sentinels; 5 s of publishing, then
 * {@code kill -9} of the primary, timed until the feed reads a quote published after it.
 */
final class FailoverRun {

    private static final List<Instrument> SYMBOLS = IntStream.range(0, 100)
            .mapToObj(i -> Instrument.equity("SB" + i, "Bench " + i)).toList();

    /**
     * What one failover cost, in ms from the kill: every sentinel names the new primary; the
     * publisher has a call acknowledged again; the feed has read a quote of it. And the quotes
     * acknowledged before the kill that the new primary lacks, of how many.
     */
    record Figures(long promotedMs, long resumedMs, long feedCurrentMs, int lost, int ackedBeforeKill) {
    }

    private FailoverRun() {
    }

    static Figures once(int wait, int perCall, Path dir) throws Exception {
        List<AutoCloseable> all = new ArrayList<>();
        try {
            RedisServer primary = started(all, RedisServer.start(dir.resolve("primary")));
            List<RedisServer> replicas = List.of(
                    started(all, RedisServer.startReplicaOf(dir.resolve("replica-0"), primary.port())),
                    started(all, RedisServer.startReplicaOf(dir.resolve("replica-1"), primary.port())));
            replicas.forEach(RedisServer::awaitInSync);
            primary.awaitOnlineReplicas(2);
            List<RedisSentinel> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sentinels.add(started(all, RedisSentinel.start(dir.resolve("sentinel-" + i), "bench", primary.port(), 2,
                        Duration.ofSeconds(1), Duration.ofSeconds(3))));
            }
            sentinels.forEach(s -> s.awaitWatching(2, 2));
            RedisURI uri = Sentinels.primary("bench", sentinels.stream().map(RedisSentinel::node).toList(), null, null)
                    .build();
            RedisQuotePublisher publisher = started(all, new RedisQuotePublisher(uri, 1_000_000,
                    wait == 0 ? WaitForReplicas.NONE : new WaitForReplicas(1, Duration.ofSeconds(1))));
            RedisQuoteFeed feed = started(all, new RedisQuoteFeed(uri, new RedisFeedSettings(1_000_000, 10_000,
                    Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(500))));
            return run(primary, replicas, sentinels, publisher, feed, perCall);
        }
        finally {
            // The last made first: the publisher and the feed before the processes they use.
            for (int i = all.size() - 1; i >= 0; i--) {
                try {
                    all.get(i).close();
                }
                catch (Exception e) {
                    // Stopping the rest.
                }
            }
        }
    }

    private static <T extends AutoCloseable> T started(List<AutoCloseable> all, T c) {
        all.add(c);
        return c;
    }

    /** Publishes and follows for 5 s, kills the primary, and times the rest. */
    private static Figures run(RedisServer primary, List<RedisServer> replicas, List<RedisSentinel> sentinels,
                                RedisQuotePublisher publisher, RedisQuoteFeed feed, int perCall) {
        ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>();
        AtomicLong highestBefore = new AtomicLong(Long.MAX_VALUE);
        // [nanos, seq] of each quote the feed read above highestBefore: a few thousand at most.
        ConcurrentLinkedQueue<long[]> read = new ConcurrentLinkedQueue<>();
        Disposable publishing = null;
        Disposable following = null;
        try {
            publisher.install().then(publisher.define(SYMBOLS)).block(Duration.ofSeconds(30));
            following = feed.events().subscribe(e -> {
                if (e instanceof Quote q && q.seq() > highestBefore.get()) {
                    read.add(new long[] {System.nanoTime(), q.seq()});
                }
            });
            AtomicInteger n = new AtomicInteger();
            publishing = Flux.interval(Duration.ofMillis(5)).onBackpressureDrop()
                    .concatMap(t -> publisher.publish(IntStream.range(0, perCall).map(i -> n.getAndIncrement())
                                    .mapToObj(FailoverRun::quote).toList())
                            .doOnNext(seqs -> acks.add(new long[] {System.nanoTime(), seqs.get(0), seqs.get(seqs.size() - 1)}))
                            .onErrorResume(e -> Mono.empty()), 1)
                    .subscribe();
            park(Duration.ofSeconds(5));

            long killed = System.nanoTime();
            List<long[]> before = acks.stream().filter(a -> a[0] - killed < 0).toList();
            highestBefore.set(before.get(before.size() - 1)[2]);
            primary.kill();
            // A call acknowledged after this was answered by the new primary.
            long gone = System.nanoTime();
            long deadline = killed + TimeUnit.SECONDS.toNanos(60);
            RedisServer promoted = null;
            while (promoted == null) {
                check(deadline, "no replica promoted");
                for (RedisServer r : replicas) {
                    if (sentinels.stream().allMatch(s -> s.primaryPort() == r.port())) {
                        promoted = r;
                    }
                }
                park(Duration.ofMillis(5));
            }
            long promotedAt = System.nanoTime();
            long[] resumed = null;
            long feedCurrent = 0;
            while (feedCurrent == 0) {
                check(deadline, "publishing or the feed did not resume");
                park(Duration.ofMillis(5));
                resumed = acks.stream().filter(a -> a[0] - gone > 0).findFirst().orElse(null);
                long firstNew = resumed == null ? Long.MAX_VALUE : resumed[1];
                feedCurrent = read.stream().filter(r -> r[1] >= firstNew).mapToLong(r -> r[0] - killed).min().orElse(0);
            }
            int ackedBefore = before.stream().mapToInt(a -> (int) (a[2] - a[1] + 1)).sum();
            return new Figures(ms(promotedAt - killed), ms(resumed[0] - killed), ms(feedCurrent), lost(promoted, before),
                    ackedBefore);
        }
        finally {
            if (publishing != null) {
                publishing.dispose();
            }
            if (following != null) {
                following.dispose();
            }
        }
    }

    /** How many of the quotes acknowledged in {@code calls} ({@code [nanos, firstSeq, lastSeq]}) {@code redis}'s stream lacks. */
    private static int lost(RedisServer redis, List<long[]> calls) {
        List<long[]> held = new ArrayList<>();
        for (Object e : (List<?>) redis.call("XRANGE", "tickwire:quotes", "-", "+")) {
            List<?> entry = (List<?>) e;
            String id = (String) entry.get(0);
            List<?> fields = (List<?>) entry.get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("seq".equals(fields.get(i))) {
                    held.add(new long[] {Long.parseLong((String) fields.get(i + 1)),
                            Long.parseLong(id.substring(0, id.indexOf('-')))});
                }
            }
        }
        int lost = 0;
        for (long[] call : calls) {
            if (held.stream().noneMatch(h -> h[0] == call[1] && h[1] == call[2])) {
                lost += (int) (call[2] - call[1] + 1);
            }
        }
        return lost;
    }

    private static Quote quote(int i) {
        double bid = 50 + i % 1000 / 100.0;
        return new Quote(SYMBOLS.get(i % SYMBOLS.size()).symbol(), 0, Timestamps.nowMicros(), bid, bid + 0.02,
                bid + 0.01, 100, 200, 100, 10_000 + i, 50);
    }
}
