package io.tickwire.bench.peer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscribers whose channels live on one event loop, and the fan-out to them, run on that loop.
 *
 * <p>The publisher hands each loop one task per feed tick ({@link #deliver}) carrying that tick's
 * frames; the task writes each frame to every subscriber of its symbol on this loop, without a
 * flush, and marks the channel dirty. So a channel's writes never cross threads (no write task per
 * channel per quote, as writing from the publisher thread costs). By default ({@link Flush#LOOP})
 * the dirty channels are flushed once at the end of the loop's run of tasks: when the loop keeps up
 * that is once per tick, and when it falls behind, the ticks queued meanwhile share one flush, one
 * {@code writev} per channel, as Netty's own read path does with its flush on read-complete. Each
 * quote stays a frame of its own all the same (no batching of several quotes into one frame: that is
 * Tickwire's own trick, and what this peer is the comparison for).
 *
 * <p>Slow consumers, named policy <b>drop while not writable</b>: a channel whose outbound buffer is
 * over Netty's high-water mark (64 KiB by default) gets no frame until it drains below the low-water
 * mark (32 KiB); the frames it misses are counted, not queued. So a client that stops reading holds at
 * most about 64 KiB of this server's memory and never slows the feed or another client.
 *
 * <p>A loop that cannot keep up, named policy <b>drop the newest ticks past {@value #MAX_BACKLOG}
 * queued</b>: the hand-off to a loop is Netty's unbounded task queue, so when that many ticks wait
 * in it (about {@value #MAX_BACKLOG} ms of feed) the publisher skips this loop for the new tick and
 * counts its quotes as skipped, rather than queue without bound. It shows as delivered &lt; offered.
 *
 * <p>All state but {@code loop} and {@code backlog} is confined to the loop's thread.
 */
final class LoopFanOut {

    /** How frames reach the socket: see {@link BareNettyFanOut}'s {@code BARE_NETTY_FLUSH}. */
    enum Flush {
        /** write each frame; flush each written channel once at the end of the loop's run of tasks */
        LOOP,
        /** write each frame; flush each written channel at the end of each tick's task */
        TICK,
        /** writeAndFlush each frame; Netty's FlushConsolidationHandler turns them into one flush a loop run */
        CONSOLIDATE
    }

    /** Ticks a loop may have queued before the publisher skips it (a tick is 1 ms of feed). */
    static final int MAX_BACKLOG = 200;

    private final EventLoop loop;
    /** Ticks handed to this loop and not yet run: written by the publisher, read down by the loop. */
    private final AtomicInteger backlog = new AtomicInteger();
    private final Flush flush;
    /** Per symbol index, this loop's subscribers to it. */
    private final ArrayList<Subscriber>[] bySymbol;
    /** Channels written since the last flush of this loop, to flush once each. */
    private final ArrayList<Subscriber> dirty = new ArrayList<>();
    private final Runnable flushDirty = this::flushDirty;
    /** Loop thread only: {@link #flushDirty} is queued to run after this loop run's tasks. */
    private boolean flushQueued;
    private long framesWritten;
    private long framesDropped;

    @SuppressWarnings("unchecked")
    LoopFanOut(EventLoop loop, int symbolCount, Flush flush) {
        this.loop = loop;
        this.flush = flush;
        this.bySymbol = new ArrayList[symbolCount];
        for (int i = 0; i < symbolCount; i++) {
            bySymbol[i] = new ArrayList<>();
        }
    }

    /** One WebSocket connection and the symbol indexes it asked for. */
    static final class Subscriber {
        final Channel channel;
        final int[] symbols;
        /** Loop thread only: already in {@code dirty} for the current task. */
        boolean dirty;

        Subscriber(Channel channel, int[] symbols) {
            this.channel = channel;
            this.symbols = symbols;
        }
    }

    /** Registers {@code sub} (on this loop's thread, wherever it is called from). */
    void add(Subscriber sub) {
        onLoop(() -> {
            for (int s : sub.symbols) {
                bySymbol[s].add(sub);
            }
        });
    }

    /** Removes {@code sub}: the mirror of {@link #add}, called when its channel closes. */
    void remove(Subscriber sub) {
        onLoop(() -> {
            for (int s : sub.symbols) {
                bySymbol[s].remove(sub);
            }
        });
    }

    /**
     * Hands one tick's frames to this loop, unless {@value #MAX_BACKLOG} ticks already wait for it.
     * Takes over one reference of each of the first {@code n} frames either way (released once
     * written, or at once if skipped), so the caller retains them once per loop it hands them to.
     *
     * @return whether the tick was queued (false: skipped, the loop is too far behind)
     */
    boolean deliver(ByteBuf[] frames, int[] symbols, int n) {
        if (backlog.get() >= MAX_BACKLOG) {
            for (int i = 0; i < n; i++) {
                frames[i].release();
            }
            return false;
        }
        backlog.incrementAndGet();
        loop.execute(() -> run(frames, symbols, n));
        return true;
    }

    private void run(ByteBuf[] frames, int[] symbols, int n) {
        backlog.decrementAndGet();
        try {
            for (int i = 0; i < n; i++) {
                writeToAll(frames[i], bySymbol[symbols[i]]);
            }
        } finally {
            for (int i = 0; i < n; i++) {
                frames[i].release(); // the reference handed to this loop; duplicates hold their own
            }
        }
        if (flush == Flush.TICK) {
            flushDirty();
        } else if (flush == Flush.LOOP && !flushQueued && !dirty.isEmpty()) {
            flushQueued = true;
            // Netty's epoll and NIO loops are SingleThreadEventLoops: tail tasks run once the loop has
            // run the tasks it took in this iteration, so every tick queued meanwhile shares this flush.
            ((SingleThreadEventLoop) loop).executeAfterEventLoopIteration(flushDirty);
        }
    }

    private void flushDirty() {
        flushQueued = false;
        for (int i = 0, d = dirty.size(); i < d; i++) {
            Subscriber sub = dirty.get(i);
            sub.dirty = false;
            sub.channel.flush();
        }
        dirty.clear();
    }

    private void writeToAll(ByteBuf frame, ArrayList<Subscriber> subs) {
        for (int j = 0, m = subs.size(); j < m; j++) {
            Subscriber sub = subs.get(j);
            Channel ch = sub.channel;
            if (!ch.isWritable()) {
                if (ch.isActive()) {
                    framesDropped++; // over the high-water mark: drop, nothing taken, nothing to release
                }
                continue; // a closed channel leaves the lists when its close listener runs
            }
            // The same bytes for every subscriber: a duplicate shares them and only moves indexes.
            if (flush == Flush.CONSOLIDATE) {
                ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
            } else {
                ch.write(frame.retainedDuplicate(), ch.voidPromise());
                if (!sub.dirty) {
                    sub.dirty = true;
                    dirty.add(sub);
                }
            }
            framesWritten++;
        }
    }

    /** {frames written, frames dropped}, read on the loop; zeros if it does not answer within 1 s. */
    long[] totals() {
        try {
            return loop.submit(() -> new long[] {framesWritten, framesDropped}).get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[2];
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return new long[2];
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
