package io.tickwire.system.support;

import static io.tickwire.testing.Patience.PATIENCE;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.testing.GatewayNode;
import io.tickwire.testing.NginxServer;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A cluster for a test: a real Redis, a publisher putting quotes into it as any publisher would
 * (PROTOCOL.md §7), two gateway nodes as processes of their own, and, when asked, a real nginx in
 * front of them with {@code ops/nginx/tickwire.conf}. {@link #close()} stops all of it.
 */
public final class TestCluster implements AutoCloseable {

    public static final Duration TIMEOUT = PATIENCE;

    public final RedisServer redis;
    public final RedisQuotePublisher publisher;
    public final GatewayNode a;
    public final GatewayNode b;
    private final Path dir;
    private NginxServer nginx;
    private Market market;

    private TestCluster(Path dir, RedisServer redis, RedisQuotePublisher publisher, GatewayNode a, GatewayNode b) {
        this.dir = dir;
        this.redis = redis;
        this.publisher = publisher;
        this.a = a;
        this.b = b;
    }

    /** Redis, the publisher with {@code symbols} defined, and nodes a and b with {@code nodeArgs}, started side by side. */
    public static TestCluster start(Path dir, List<Instrument> symbols, String... nodeArgs) {
        RedisServer redis = RedisServer.start(dir);
        RedisQuotePublisher publisher = new RedisQuotePublisher(RedisURI.create(redis.url()), 100_000);
        publisher.install().then(publisher.define(symbols)).block(TIMEOUT);
        CompletableFuture<GatewayNode> a = CompletableFuture.supplyAsync(() -> GatewayNode.start("a", redis.url(), dir,
                nodeArgs));
        CompletableFuture<GatewayNode> b = CompletableFuture.supplyAsync(() -> GatewayNode.start("b", redis.url(), dir,
                nodeArgs));
        try {
            return new TestCluster(dir, redis, publisher, a.join(), b.join());
        }
        catch (RuntimeException | Error e) {
            // A node that did not start must not leave the other, or Redis, running after the test.
            for (CompletableFuture<GatewayNode> node : List.of(a, b)) {
                node.handle((n, failed) -> n).join();
            }
            a.thenAccept(GatewayNode::close);
            b.thenAccept(GatewayNode::close);
            publisher.close();
            redis.close();
            throw e;
        }
    }

    /** Symbols named {@code prefix0} … with made-up names. */
    public static List<Instrument> symbols(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> Instrument.equity(prefix + i, prefix + i + " Inc.")).toList();
    }

    /** A valid quote of {@code symbol} whose prices derive from {@code i}; Redis stamps its seq. */
    public static Quote quote(String symbol, int i) {
        double bid = 50 + i % 1000 / 100.0;
        return new Quote(symbol, 0, Timestamps.nowMicros(), bid, bid + 0.02, bid + 0.01, 100, 200, 100, 10_000 + i, 50);
    }

    /** Publishes {@code quotes} in one call; their seqs. */
    public List<Long> publish(List<Quote> quotes) {
        return publisher.publish(quotes).block(TIMEOUT);
    }

    /** nginx in front of both nodes, started on first use. */
    public NginxServer nginx() {
        if (nginx == null) {
            nginx = NginxServer.start(Path.of(System.getProperty("tickwire.ops.dir"), "nginx", "tickwire.conf"),
                    List.of(a.port, b.port), dir.resolve("nginx"));
        }
        return nginx;
    }

    /** A steady market in the background: {@code perTick} quotes over {@code symbols} every {@code tick}. */
    public Market market(List<Instrument> symbols, int perTick, Duration tick) {
        market = new Market(publisher, symbols, perTick, tick);
        return market;
    }

    @Override
    public void close() {
        if (market != null) {
            market.stop();
        }
        for (AutoCloseable c : new AutoCloseable[] {nginx, a, b, publisher, redis}) {
            try {
                if (c != null) {
                    c.close();
                }
            }
            catch (Exception e) {
                // Stopping what is left; the test's outcome is decided.
            }
        }
    }

    /** Quotes published on a timer until {@link #stop()}, which returns once the last call has landed. */
    public static final class Market {

        private final Sinks.Empty<Void> stop = Sinks.empty();
        private final CompletableFuture<Void> done;

        public Market(RedisQuotePublisher publisher, List<Instrument> symbols, int perTick, Duration tick) {
            AtomicInteger n = new AtomicInteger();
            done = Flux.interval(tick)
                    .onBackpressureDrop()
                    .takeUntilOther(stop.asMono())
                    .concatMap(t -> publisher.publish(IntStream.range(0, perTick).map(i -> n.getAndIncrement())
                            .mapToObj(i -> quote(symbols.get(i % symbols.size()).symbol(), i)).toList())
                            .onErrorResume(e -> Mono.empty()), 1)
                    .then()
                    .toFuture();
        }

        public void stop() {
            stop.tryEmitEmpty();
            done.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }
}
