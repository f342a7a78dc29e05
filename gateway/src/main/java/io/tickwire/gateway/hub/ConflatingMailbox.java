package io.tickwire.gateway.hub;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;

/**
 * One client's outbound queue: replies in order, and at most one pending quote per subscribed
 * symbol, sent in {@code seq} order.
 *
 * <p><b>Backpressure.</b> {@link #batches()} emits only against downstream demand; for a network
 * transport that demand is the socket's progress. While a client does not keep up, a newer quote
 * of a symbol replaces the pending one (counted as conflated), so what waits here is bounded by
 * the client's symbols whatever the feed rate or the length of the stall, and a client that reads
 * again gets the newest quote of every symbol, quiet ones included. (What the transport has
 * already taken is bounded by its own window: Reactor Netty keeps up to 128 batches in flight.)
 * Replies are bounded too: {@link #replyRoom()} tells the transport to stop reading requests
 * while {@value #REPLY_LIMIT} replies wait.
 *
 * <p><b>Order.</b> Pending quotes form a list ordered by {@code seq}: a replaced quote's symbol
 * moves to the tail, a snapshot is inserted where its {@code seq} belongs. So the quotes a client
 * receives after its snapshot have increasing {@code seq}, and the last {@code seq} it saw is a
 * safe resume cursor: every quote at or below it was delivered or superseded by a newer one.
 * Each batch is taken under one lock, replies first, so a reply queued after a change of
 * subscriptions is never overtaken by a quote that change excluded.
 *
 * <p><b>Threads.</b> The hub offers quotes from its thread and never waits for more than a few
 * pointer moves; all draining happens on the given executor (the connection's event loop), so
 * batches are built where Netty writes them.
 */
public final class ConflatingMailbox {

    /** Replies that may wait before the transport stops reading the client's requests. */
    static final int REPLY_LIMIT = 64;

    private static final AtomicIntegerFieldUpdater<ConflatingMailbox> WIP =
            AtomicIntegerFieldUpdater.newUpdater(ConflatingMailbox.class, "wip");
    private static final AtomicLongFieldUpdater<ConflatingMailbox> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(ConflatingMailbox.class, "requested");

    private final Executor executor;
    private final int maxBatch;
    private final Counter sent;
    private final Counter conflated;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicReference<MonoSink<Void>> roomWaiter = new AtomicReference<>();
    private final Runnable drain = this::drain;

    /** Guarded by {@code this}, as are {@code replies} and {@code registering}. */
    private final ReadyList ready = new ReadyList();
    private final ArrayDeque<ControlMessage> replies = new ArrayDeque<>();
    /** A subscribe is registering: its snapshots are not placed yet, so no quote may leave. */
    private boolean registering;

    private volatile int pendingReplies;
    private volatile int wip;
    private volatile long requested;
    /** Set once {@code onSubscribe} has returned; cleared after the terminal signal. */
    private volatile Subscriber<? super List<Outbound>> subscriber;
    private volatile CloseReason closeReason;
    private volatile boolean cancelled;
    private volatile Throwable requestError;
    /** Drain-side only. */
    private boolean terminated;

    ConflatingMailbox(Executor executor, int maxBatch, Counter sent, Counter conflated) {
        this.executor = executor;
        this.maxBatch = maxBatch;
        this.sent = sent;
        this.conflated = conflated;
    }

    /**
     * The outbound stream; one subscriber. Completes after {@link #close(CloseReason)}; cancelling
     * it closes the mailbox.
     */
    Flux<List<Outbound>> batches() {
        Publisher<List<Outbound>> publisher = this::subscribe;
        return Flux.from(publisher);
    }

    private void subscribe(Subscriber<? super List<Outbound>> s) {
        if (!subscribed.compareAndSet(false, true)) {
            Operators.error(s, new IllegalStateException("a mailbox has one subscriber"));
            return;
        }
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    requestError = Exceptions.nullOrNegativeRequestException(n);
                    close(CloseReason.CLIENT_CLOSED);
                    return;
                }
                Operators.addCap(REQUESTED, ConflatingMailbox.this, n);
                signal();
            }

            @Override
            public void cancel() {
                cancelled = true;
                close(CloseReason.CLIENT_CLOSED);
            }
        });
        // Only now may the drain signal it: nothing reaches a subscriber before onSubscribe returns.
        subscriber = s;
        signal();
    }

    /** Queues a reply; replies keep their order and precede the quotes drained with them. */
    void reply(ControlMessage message) {
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            replies.add(message);
            pendingReplies = replies.size();
        }
        signal();
    }

    /**
     * Starts registering a subscribe: its {@code acks} are queued, and no quote leaves until
     * {@link #endRegistration} has placed the new symbols' snapshots. The caller adds its slots
     * to their channels in between, without this mailbox's lock, so the hub is never held up.
     */
    void beginRegistration(List<ControlMessage> acks) {
        synchronized (this) {
            registering = true;
            if (closeReason == null) {
                replies.addAll(acks);
                pendingReplies = replies.size();
            }
        }
        signal();
    }

    /** Places the snapshot of each registered slot that no live quote has reached, and lets quotes flow again. */
    void endRegistration(List<MailboxSlot> registered) {
        synchronized (this) {
            try {
                List<MailboxSlot> waiting = new ArrayList<>(registered.size());
                for (MailboxSlot slot : registered) {
                    // Read after the slot joined its channel: a quote published meanwhile is either here or in the slot.
                    EncodedQuote snapshot = slot.channel.latest();
                    if (snapshot != null && !slot.closed && slot.seq < 0 && closeReason == null) {
                        slot.seq = snapshot.seq();
                        slot.pending = snapshot;
                        waiting.add(slot);
                    }
                }
                // Oldest first, so each insertion only steps over the live quotes that arrived meanwhile.
                waiting.sort(Comparator.comparingLong(s -> s.pending.seq()));
                waiting.forEach(ready::insertBySeq);
            }
            finally {
                registering = false;
            }
        }
        signal();
    }

    /** Completes when fewer than {@value #REPLY_LIMIT} replies wait, or the mailbox is closed. */
    Mono<Void> replyRoom() {
        if (hasReplyRoom()) {
            return Mono.empty();
        }
        return Mono.create(waiter -> {
            roomWaiter.set(waiter);
            // The drain may have made room between the check above and the set.
            if (hasReplyRoom()) {
                wakeRoomWaiter();
            }
        });
    }

    /** Ends the stream: pending messages are dropped, the subscriber completes. Idempotent. */
    void close(CloseReason reason) {
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            closeReason = reason;
            ready.clear();
            replies.clear();
            pendingReplies = 0;
        }
        signal();
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /** A live quote for {@code slot}: it becomes the pending one, at the tail of the ready list. */
    void offer(MailboxSlot slot, EncodedQuote q) {
        boolean wasEmpty;
        boolean replaced;
        synchronized (this) {
            // A quote the snapshot already carried (the hub was between its snapshot write and its fan-out).
            if (slot.closed || closeReason != null || q.seq() <= slot.seq) {
                return;
            }
            EncodedQuote prev = slot.pending;
            slot.seq = q.seq();
            slot.pending = q;
            replaced = prev != null;
            if (replaced) {
                ready.remove(slot);
            }
            wasEmpty = ready.isEmpty();
            ready.append(slot);
        }
        if (replaced) {
            conflated.increment();
        }
        if (wasEmpty) {
            signal();
        }
    }

    /** An unsubscribed slot: its pending quote, if any, is dropped. */
    void remove(MailboxSlot slot) {
        synchronized (this) {
            slot.closed = true;
            if (slot.pending != null) {
                slot.pending = null;
                if (closeReason == null) {
                    ready.remove(slot);
                }
            }
        }
    }

    private boolean hasReplyRoom() {
        return pendingReplies < REPLY_LIMIT || closeReason != null;
    }

    private void wakeRoomWaiter() {
        MonoSink<Void> w = roomWaiter.getAndSet(null);
        if (w != null) {
            w.success();
        }
    }

    private void signal() {
        if (WIP.getAndIncrement(this) != 0) {
            return;
        }
        try {
            executor.execute(drain);
        }
        catch (RejectedExecutionException e) {
            // The event loop is gone, and with it the connection. This thread owns the drain now: end here.
            close(CloseReason.CLIENT_CLOSED);
            drain();
        }
    }

    private void drain() {
        int missed = 1;
        for (;;) {
            Subscriber<? super List<Outbound>> s = subscriber;
            if (s != null && !terminated) {
                if (cancelled || requestError != null || closeReason != null) {
                    terminate(s);
                }
                else {
                    long r = requested;
                    long e = 0;
                    while (e != r && !cancelled && closeReason == null) {
                        List<Outbound> batch = nextBatch();
                        if (batch == null) {
                            break;
                        }
                        sent.increment(batch.size());
                        s.onNext(batch);
                        e++;
                    }
                    if (e != 0) {
                        Operators.produced(REQUESTED, this, e);
                    }
                    if (hasReplyRoom()) {
                        wakeRoomWaiter();
                    }
                }
            }
            missed = WIP.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void terminate(Subscriber<? super List<Outbound>> s) {
        terminated = true;
        subscriber = null;
        wakeRoomWaiter();
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

    private List<Outbound> nextBatch() {
        synchronized (this) {
            if (replies.isEmpty() && (registering || ready.isEmpty())) {
                return null;
            }
            List<Outbound> batch = new ArrayList<>(Math.min(maxBatch, 16));
            ControlMessage reply;
            while (batch.size() < maxBatch && (reply = replies.poll()) != null) {
                batch.add(reply);
            }
            pendingReplies = replies.size();
            MailboxSlot slot;
            while (!registering && batch.size() < maxBatch && (slot = ready.poll()) != null) {
                batch.add(slot.pending);
                slot.pending = null;
            }
            return batch;
        }
    }
}
