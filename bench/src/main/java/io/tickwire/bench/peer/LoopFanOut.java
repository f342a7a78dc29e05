package io.tickwire.bench.peer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The subscribers whose channels live on one event loop, and the fan-out to them, run on that loop.
 *
 * <p>The publisher hands each loop one task per feed tick ({@link #deliver}) carrying that tick's
 * frames; the task writes each frame to every subscriber of its symbol on this loop, without a
 * flush, then flushes each channel it wrote once. So a channel's writes never cross threads (no
 * write task per channel per quote, as writing from the publisher thread costs), and a channel gets
 * one flush, one {@code writev}, per tick however many frames it got in it, while each quote stays a
 * frame of its own (no batching of several quotes into one frame: that is Tickwire's own trick, and
 * what this peer is the comparison for).
 *
 * <p>Slow consumers, named policy <b>drop while not writable</b>: a channel whose outbound buffer is
 * over Netty's high-water mark (64 KiB by default) gets no frame until it drains below the low-water
 * mark (32 KiB); the frames it misses are counted, not queued. So a client that stops reading holds at
 * most about 64 KiB of this server's memory and never slows the feed or another client.
 *
 * <p>All state but the {@code loop} field is confined to the loop's thread.
 */
final class LoopFanOut {

    /** How frames reach the socket: see {@link BareNettyFanOut}'s {@code BARE_NETTY_FLUSH}. */
    enum Flush {
        /** write each frame, then flush each written channel once at the end of the tick's task */
        BATCH,
        /** writeAndFlush each frame; Netty's FlushConsolidationHandler turns them into one flush a loop run */
        CONSOLIDATE
    }

    private final EventLoop loop;
    private final Flush flush;
    /** Per symbol index, this loop's subscribers to it. */
    private final ArrayList<Subscriber>[] bySymbol;
    /** Channels written in the current task, to flush at its end. */
    private final ArrayList<Subscriber> dirty = new ArrayList<>();
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
     * Hands one tick's frames to this loop. Takes over one reference of each of the first {@code n}
     * frames (released once written), so the caller retains them once per loop it hands them to.
     */
    void deliver(ByteBuf[] frames, int[] symbols, int n) {
        loop.execute(() -> run(frames, symbols, n));
    }

    private void run(ByteBuf[] frames, int[] symbols, int n) {
        try {
            for (int i = 0; i < n; i++) {
                writeToAll(frames[i], bySymbol[symbols[i]]);
            }
        } finally {
            for (int i = 0; i < n; i++) {
                frames[i].release(); // the reference handed to this loop; duplicates hold their own
            }
        }
        if (flush == Flush.BATCH) {
            for (int i = 0, d = dirty.size(); i < d; i++) {
                Subscriber sub = dirty.get(i);
                sub.dirty = false;
                sub.channel.flush();
            }
            dirty.clear();
        }
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
