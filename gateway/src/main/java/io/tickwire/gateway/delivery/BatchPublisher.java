package io.tickwire.gateway.delivery;

import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.wire.Outbound;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.Operators;

/**
 * A mailbox's outbound stream, as a Reactive Streams publisher of batches with one subscriber:
 * the drain loop that hands the subscriber a batch while it has demand and the socket takes more.
 *
 * <p>Any thread may {@link #signal()} that something changed; the drain then runs on the
 * connection's executor (its event loop), one pass at a time (the usual work-in-progress
 * counter), so batches are built where they are written. It completes after its {@link Source}
 * closes; cancelling it, or a request of zero or less, ends the source.
 */
final class BatchPublisher implements Publisher<List<Outbound>> {

    private static final AtomicIntegerFieldUpdater<BatchPublisher> WIP =
            AtomicIntegerFieldUpdater.newUpdater(BatchPublisher.class, "wip");
    private static final AtomicLongFieldUpdater<BatchPublisher> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(BatchPublisher.class, "requested");

    private final Source source;
    private final ReplyQueue replies;
    private final Executor executor;
    private final BooleanSupplier writable;
    private final Counter sent;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final Runnable drain = this::drain;

    private volatile int wip;
    private volatile long requested;
    /** Set once {@code onSubscribe} has returned; cleared after the terminal signal. */
    private volatile Subscriber<? super List<Outbound>> subscriber;
    private volatile boolean cancelled;
    private volatile Throwable requestError;
    /** Batches handed to the subscriber so far; written by the drain only. */
    private volatile long batchesSent;
    /** Drain-side only. */
    private boolean terminated;
    /** Whether batches are lent ({@link Mailbox#batches}); set before the subscriber comes. */
    private boolean lent;

    /** What a publisher drains: a mailbox, as its stream sees it. */
    interface Source {

        /** The next batch, or {@code null} when nothing may leave now; on the drain's executor. */
        List<Outbound> nextBatch(boolean lent);

        /** Whether the stream has ended: the publisher completes. */
        boolean closed();

        /** The stream's subscriber has gone, asked for nothing, or can no longer be drained to. */
        void end();
    }

    BatchPublisher(Source source, ReplyQueue replies, Executor executor, BooleanSupplier writable, Counter sent) {
        this.source = source;
        this.replies = replies;
        this.executor = executor;
        this.writable = writable;
        this.sent = sent;
    }

    @Override
    public void subscribe(Subscriber<? super List<Outbound>> s) {
        if (!subscribed.compareAndSet(false, true)) {
            Operators.error(s, new IllegalStateException("a mailbox has one subscriber"));
            return;
        }
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    requestError = Exceptions.nullOrNegativeRequestException(n);
                    source.end();
                    return;
                }
                Operators.addCap(REQUESTED, BatchPublisher.this, n);
                signal();
            }

            @Override
            public void cancel() {
                cancelled = true;
                source.end();
            }
        });
        // Only now may the drain signal it: nothing reaches a subscriber before onSubscribe returns.
        subscriber = s;
        signal();
    }

    /** Lends the batches from now on: call before subscribing. */
    void lend() {
        lent = true;
    }

    /** The client takes nothing now: its socket is past the high-water mark, or its subscriber asks for nothing. */
    boolean takesNothing() {
        return !writable.getAsBoolean() || (subscriber != null && requested == 0);
    }

    /** How many batches have left so far: unchanged between two looks means the client was idle. */
    long batchesSent() {
        return batchesSent;
    }

    /** A batch taken outside the drain ({@link Mailbox#takeNow()}), counted as sent. */
    List<Outbound> counted(List<Outbound> batch) {
        sent.increment(batch.size());
        return batch;
    }

    /** Something changed (a quote, a reply, demand, writability, the end): drain on the executor. */
    void signal() {
        if (WIP.getAndIncrement(this) != 0) {
            return;
        }
        try {
            executor.execute(drain);
        }
        catch (RejectedExecutionException e) {
            // The event loop is gone, and with it the connection. This thread owns the drain now: end here.
            source.end();
            drain();
        }
    }

    private void drain() {
        int missed = 1;
        for (;;) {
            Subscriber<? super List<Outbound>> s = subscriber;
            if (s != null && !terminated) {
                if (cancelled || requestError != null || source.closed()) {
                    terminate(s);
                }
                else {
                    emit(s);
                }
            }
            missed = WIP.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void emit(Subscriber<? super List<Outbound>> s) {
        long r = requested;
        long e = 0;
        while (e != r && !cancelled && !source.closed() && writable.getAsBoolean()) {
            List<Outbound> batch = source.nextBatch(lent);
            if (batch == null) {
                break;
            }
            sent.increment(batch.size());
            batchesSent++;
            s.onNext(batch);
            if (lent) {
                Batches.giveBack(batch);
            }
            e++;
        }
        if (e != 0) {
            Operators.produced(REQUESTED, this, e);
        }
        replies.wakeIfRoom();
    }

    private void terminate(Subscriber<? super List<Outbound>> s) {
        terminated = true;
        subscriber = null;
        replies.wakeIfRoom();
        if (cancelled) {
            return;
        }
        if (requestError != null) {
            s.onError(requestError);
        }
        else {
            s.onComplete();
        }
    }
}
