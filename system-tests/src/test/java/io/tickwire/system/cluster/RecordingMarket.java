package io.tickwire.system.cluster;

import static io.tickwire.system.support.TestCluster.quote;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.redis.RedisQuotePublisher;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A steady market, as {@link io.tickwire.system.support.TestCluster.Market} publishes one, that
 * keeps what its publisher was told: each call acknowledged (its seqs, and when), and how many
 * failed. A call that fails is dropped, as the simulator's publisher drops it; the next one goes on.
 */
final class RecordingMarket {

    /** A call the publisher acknowledged: its seqs, at {@link System#nanoTime()} {@code nanos}. */
    record Ack(long nanos, List<Long> seqs) {
    }

    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicLong failures = new AtomicLong();
    private final Sinks.Empty<Void> stop = Sinks.empty();
    private final CompletableFuture<Void> done;

    /** {@code perTick} quotes over {@code symbols} every {@code tick}, one call at a time. */
    RecordingMarket(RedisQuotePublisher publisher, List<Instrument> symbols, int perTick, Duration tick) {
        AtomicInteger n = new AtomicInteger();
        done = Flux.interval(tick)
                .onBackpressureDrop()
                .takeUntilOther(stop.asMono())
                .concatMap(t -> publisher.publish(IntStream.range(0, perTick).map(i -> n.getAndIncrement())
                                .mapToObj(i -> quote(symbols.get(i % symbols.size()).symbol(), i)).toList())
                        .doOnNext(seqs -> acks.add(new Ack(System.nanoTime(), seqs)))
                        .onErrorResume(e -> {
                            failures.incrementAndGet();
                            return Mono.empty();
                        }), 1)
                .then()
                .toFuture();
    }

    /** Stops, once the call in flight has landed. */
    void stop() {
        stop.tryEmitEmpty();
        done.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Every call acknowledged so far, in order. */
    List<Ack> acks() {
        return List.copyOf(acks);
    }

    /** The seqs of the calls acknowledged before {@code nanos}. */
    List<Long> ackedBefore(long nanos) {
        return acks.stream().filter(a -> a.nanos() - nanos < 0).flatMap(a -> a.seqs().stream()).toList();
    }

    /** The calls acknowledged after {@code nanos}. */
    List<Ack> ackedAfter(long nanos) {
        return acks.stream().filter(a -> a.nanos() - nanos > 0).toList();
    }

    long failures() {
        return failures.get();
    }
}
