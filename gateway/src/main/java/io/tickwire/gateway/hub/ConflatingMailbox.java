package io.tickwire.gateway.hub;

import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;

/**
 * One client's outbound queue: replies in order, and at most one pending quote per subscribed
 * symbol, sent in {@code seq} order.
 *
 * <p><b>Backpressure.</b> {@link #batches()} emits only against downstream demand; for a network
 * transport that demand is the socket's progress. While a client does not keep up, a newer quote
 * of a symbol replaces the pending one (counted as conflated), so memory is bounded by the
 * number of the client's symbols whatever the feed rate or the length of the stall, and a client
 * that reads again gets the newest quote of every symbol, quiet ones included. Replies are bounded
 * too: {@link #replyRoom()} tells the transport to stop reading requests while
 * {@value #REPLY_LIMIT} replies wait.
 *
 * <p><b>Order.</b> Pending quotes form a list ordered by {@code seq}: a replaced quote's symbol
 * moves to the tail, a snapshot is inserted where its {@code seq} belongs. So the quotes a client
 * receives after its snapshot have increasing {@code seq}, and the last {@code seq} it saw is a
 * safe resume cursor: every quote at or below it was delivered or superseded by a newer one.
 *
 * <p><b>Batching.</b> Each emitted batch holds what was ready, up to {@code maxBatch} messages:
 * replies first, then quotes. A transport writes a batch as one frame or one flush.
 *
 * <p><b>Threads.</b> The hub offers quotes from its thread; all draining happens on the given
 * executor (the connection's event loop), so batches are built where Netty writes them. The
 * ready list is guarded by a lock held for a few pointer moves.
 */
public final class ConflatingMailbox {

    /** Replies that may wait before the transport stops reading the client's requests. */
    static final int REPLY_LIMIT = 64;

    private static final AtomicIntegerFieldUpdater<ConflatingMailbox> WIP =
            AtomicIntegerFieldUpdater.newUpdater(ConflatingMailbox.class, "wip");
    private static final AtomicLongFieldUpdater<ConflatingMailbox> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(ConflatingMailbox.class, "requested");
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<ConflatingMailbox, Subscriber> SUBSCRIBER =
            AtomicReferenceFieldUpdater.newUpdater(ConflatingMailbox.class, Subscriber.class, "subscriber");

    private final Executor executor;
    private final int maxBatch;
    private final Counter sent;
    private final Counter conflated;
    private final Queue<ControlMessage> replies = Queues.<ControlMessage>unboundedMultiproducer().get();
    private final AtomicInteger pendingReplies = new AtomicInteger();
    private final AtomicReference<MonoSink<Void>> roomWaiter = new AtomicReference<>();
    private final Runnable drain = this::drain;

    /** Guarded by {@code this}, as is {@code registering}. */
    private final ReadyList ready = new ReadyList();
    private boolean registering;

    private volatile int wip;
    private volatile long requested;
    private volatile Subscriber<? super List<Outbound>> subscriber;
    private volatile CloseReason closeReason;
    private volatile boolean cancelled;
    private boolean completed;

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
        if (!SUBSCRIBER.compareAndSet(this, null, s)) {
            Operators.error(s, new IllegalStateException("a mailbox has one subscriber"));
            return;
        }
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                if (Operators.validate(n)) {
                    Operators.addCap(REQUESTED, ConflatingMailbox.this, n);
                    signal();
                }
            }

            @Override
            public void cancel() {
                cancelled = true;
                close(CloseReason.CLIENT_CLOSED);
            }
        });
        signal();
    }

    /** Queues a reply; replies keep their order and precede the quotes drained with them. */
    void reply(ControlMessage message) {
        if (closeReason != null) {
            return;
        }
        pendingReplies.incrementAndGet();
        replies.offer(message);
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
        }
        signal();
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /**
     * Runs {@code registration} with the ready list locked, so no batch is drained halfway through:
     * the snapshots of one subscribe all take their places before any quote after them is sent.
     */
    void atomically(Runnable registration) {
        synchronized (this) {
            registering = true;
            try {
                registration.run();
            }
            finally {
                registering = false;
            }
        }
        // One wake-up after the lock is released: a drain on the calling thread must not run inside it.
        signal();
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

    /** The snapshot for a new subscription, unless a live quote came first; placed by its {@code seq}. */
    void offerSnapshot(MailboxSlot slot, EncodedQuote q) {
        boolean wake;
        synchronized (this) {
            if (slot.closed || slot.seq >= 0 || closeReason != null) {
                return;
            }
            slot.seq = q.seq();
            slot.pending = q;
            wake = ready.isEmpty() && !registering;
            ready.insertBySeq(slot);
        }
        if (wake) {
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
        return pendingReplies.get() < REPLY_LIMIT || closeReason != null;
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
            // The event loop is gone, and with it the connection.
            close(CloseReason.CLIENT_CLOSED);
            replies.clear();
            wakeRoomWaiter();
        }
    }

    private void drain() {
        int missed = 1;
        for (;;) {
            Subscriber<? super List<Outbound>> s = subscriber;
            if (s != null) {
                if (closeReason != null) {
                    finish(s);
                }
                else {
                    long r = requested;
                    long e = 0;
                    while (e != r) {
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

    private void finish(Subscriber<? super List<Outbound>> s) {
        replies.clear();
        wakeRoomWaiter();
        if (!completed && !cancelled) {
            completed = true;
            s.onComplete();
        }
    }

    private List<Outbound> nextBatch() {
        List<Outbound> batch = null;
        ControlMessage reply;
        while ((batch == null || batch.size() < maxBatch) && (reply = replies.poll()) != null) {
            pendingReplies.decrementAndGet();
            batch = add(batch, reply);
        }
        synchronized (this) {
            MailboxSlot slot;
            while ((batch == null || batch.size() < maxBatch) && (slot = ready.poll()) != null) {
                batch = add(batch, slot.pending);
                slot.pending = null;
            }
        }
        return batch;
    }

    private List<Outbound> add(List<Outbound> batch, Outbound m) {
        List<Outbound> b = batch != null ? batch : new ArrayList<>(Math.min(maxBatch, 16));
        b.add(m);
        return b;
    }
}
