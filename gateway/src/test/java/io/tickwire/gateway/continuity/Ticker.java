package io.tickwire.gateway.continuity;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A market ticking in real time: runs {@code tick} every {@code period} for {@code length} on a
 * thread of its own (a {@link Flux#interval} on a dedicated scheduler), as a live feed would,
 * while the test thread reads. Only the ticker may emit while it runs: the manual feed takes one
 * emitter at a time. Closing it stops the ticks and the thread.
 */
final class Ticker implements AutoCloseable {

    private final Scheduler scheduler = Schedulers.newSingle("ticker");
    private final AtomicLong ticks = new AtomicLong();
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final Duration length;
    private final Disposable subscription;
    private volatile long endNanos;

    private Ticker(Duration period, Duration length, Runnable tick) {
        this.length = length;
        subscription = Flux.interval(period, scheduler)
                .take(length, scheduler)
                .doOnNext(i -> {
                    tick.run();
                    ticks.incrementAndGet();
                })
                .subscribe(null, done::completeExceptionally, () -> {
                    endNanos = System.nanoTime();
                    done.complete(ticks.get());
                });
    }

    static Ticker start(Duration period, Duration length, Runnable tick) {
        return new Ticker(period, length, tick);
    }

    /** Waits for the last tick; returns how many there were. Rethrows what a tick threw. */
    long awaitDone() {
        return done.orTimeout(length.plus(QuoteStream.TIMEOUT).toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** {@link System#nanoTime()} when the ticker finished; valid after {@link #awaitDone()}. */
    long endNanos() {
        return endNanos;
    }

    @Override
    public void close() {
        subscription.dispose();
        scheduler.dispose();
    }
}
