package io.tickwire.bench.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@code bare-netty} peer's publisher: one thread, ticking every 1 ms, makes the quotes that fell
 * due since the start ({@code RATE} per second in total, so the average holds when a tick is late),
 * each encoded once into a WebSocket frame, and hands the tick's frames to every event loop that has
 * subscribers, one task per loop per tick ({@link LoopFanOut#deliver}).
 */
final class FeedTicker {

    private final int rate;
    private final QuoteFrames quotes;
    private final Supplier<LoopFanOut[]> loops;
    // A FastThreadLocalThread, so that the pooled allocator keeps a thread cache for it.
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("bare-netty-publisher", true));
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private long startNanos;
    /** Publisher thread only: quotes not handed to a loop that was too far behind, once per loop. */
    private long skipped;

    FeedTicker(int rate, QuoteFrames quotes, Supplier<LoopFanOut[]> loops) {
        this.rate = rate;
        this.quotes = quotes;
        this.loops = loops;
    }

    /** Starts the feed {@code delayMs} from now. */
    void start(long delayMs) {
        startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        thread.scheduleAtFixedRate(this::tickSafely, delayMs, 1, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops ticking; returns {quotes published, quotes skipped for a loop too far behind (once per
     * loop)}, or null if the thread did not stop within 2 s.
     */
    long[] stop() {
        thread.shutdown();
        try {
            if (thread.awaitTermination(2, TimeUnit.SECONDS)) {
                // awaitTermination orders the publisher's plain writes before these reads
                return new long[] {quotes.published(), skipped};
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (Throwable t) {
            // a throwing task would silently cancel the schedule: report and keep ticking
            t.printStackTrace();
        }
    }

    private void tick() {
        long elapsedMicros = (System.nanoTime() - startNanos) / 1_000;
        long due = elapsedMicros * rate / 1_000_000; // quotes due since the start
        int n = (int) Math.max(0, due - quotes.published());
        if (n == 0) {
            return;
        }
        // Fresh arrays each tick: the loops read them after this method returns.
        ByteBuf[] frames = new ByteBuf[n];
        int[] symbols = new int[n];
        for (int i = 0; i < n; i++) {
            symbols[i] = quotes.nextSymbol();
            frames[i] = quotes.nextFrame(symbols[i], alloc);
        }
        LoopFanOut[] targets = loops.get();
        for (ByteBuf frame : frames) {
            // one reference per loop, released by that loop once written; then drop the publisher's own
            frame.retain(targets.length).release();
        }
        for (LoopFanOut loop : targets) {
            if (!loop.deliver(frames, symbols, n)) {
                skipped += n;
            }
        }
    }
}
