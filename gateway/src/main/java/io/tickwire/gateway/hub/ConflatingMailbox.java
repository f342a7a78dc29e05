package io.tickwire.gateway.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.metrics.TransportMeters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;

/**
 * One client's outbound queue: replies in order, and its pending quotes, sent in {@code seq} order.
 *
 * <p><b>Backpressure.</b> {@link #batches()} emits only while the subscriber has demand and the
 * transport says its socket can take more ({@code writable}: for Netty, the channel's writability,
 * so no more than the channel's high-water mark waits in Netty's buffer). Quotes wait here under
 * the {@link SlowConsumerPolicy}: with {@link SlowConsumerPolicy#CONFLATE CONFLATE}
 * ({@link QuoteRing}) every quote waits while the client keeps up, and once it lags (its
 * socket full, no demand, or its oldest quote too old) a newer quote of a symbol replaces the
 * waiting ones (counted as conflated), so what waits is bounded whatever the feed rate or the
 * length of the stall, and a client that reads again gets the newest quote of every symbol,
 * quiet ones included; with {@link SlowConsumerPolicy#DISCONNECT DISCONNECT} every quote waits in a
 * bounded queue and an overflow closes the mailbox as {@link CloseReason#SLOW_CONSUMER}. Replies
 * are bounded too: {@link #replyRoom()} tells the transport to stop reading requests while
 * {@value #REPLY_LIMIT} replies wait; at most one heartbeat waits.
 *
 * <p><b>maxRate.</b> A throttled slot that sent less than its interval ago holds its newest quote
 * outside the {@code seq}-ordered list (replacing it as newer ones come, whatever the policy) until
 * a timer on the hub's scheduler releases it into the list by its {@code seq}.
 *
 * <p><b>Order.</b> Pending quotes form a list ordered by {@code seq}: a replaced quote's symbol
 * moves to the tail, a snapshot is inserted where its {@code seq} belongs. So the quotes a client
 * receives after its snapshot have increasing {@code seq}, and the last {@code seq} it saw is a
 * safe resume cursor: every quote at or below it was delivered or superseded by a newer one.
 * (Throttled symbols are the exception: a held quote is released after newer quotes of other
 * symbols have gone.)
 * Each batch is taken under one lock, replies first, so a reply queued after a change of
 * subscriptions is never overtaken by a quote that change excluded.
 *
 * <p><b>Metrics.</b> Messages are counted as sent when their batch is taken for the network, and
 * each live quote is timed then from its {@code ts} ({@code tickwire.delivery.latency}); a
 * snapshot is not, its {@code ts} says how old a price is, not how slow the gateway is.
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
    private final HubTimer timer;
    private final BooleanSupplier writable;
    private final int maxBatch;
    private final Counter sent;
    private final Counter conflated;
    private final Counter slowConsumerDisconnects;
    private final Timer deliveryLatency;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicReference<MonoSink<Void>> roomWaiter = new AtomicReference<>();
    private final Runnable drain = this::drain;

    /** Guarded by {@code this}, as is everything down to {@code releaseAt}. */
    private final PendingQuotes ready;
    private final ArrayDeque<ControlMessage> replies = new ArrayDeque<>();
    /** Throttled slots holding a quote until they are due; closed or released ones are dropped lazily. */
    private final List<MailboxSlot> held = new ArrayList<>();
    /** A subscribe is registering: its snapshots are not placed yet, so no quote may leave. */
    private boolean registering;
    private Heartbeat heartbeat;
    private Disposable releaseTask;
    private long releaseAt = Long.MAX_VALUE;
    private final Runnable release = this::releaseDue;

    private volatile int pendingReplies;
    /** Batches handed to the subscriber so far; written by the drain only. */
    private volatile long batchesSent;
    private volatile int wip;
    private volatile long requested;
    /** Set once {@code onSubscribe} has returned; cleared after the terminal signal. */
    private volatile Subscriber<? super List<Outbound>> subscriber;
    private volatile CloseReason closeReason;
    private volatile boolean cancelled;
    private volatile Throwable requestError;
    /** Drain-side only. */
    private boolean terminated;

    ConflatingMailbox(Executor executor, HubTimer timer, BooleanSupplier writable, HubSettings settings,
                      TransportMeters meters) {
        this.executor = executor;
        this.timer = timer;
        this.writable = writable;
        this.maxBatch = settings.maxBatch();
        this.ready = PendingQuotes.of(settings);
        this.sent = meters.sent();
        this.conflated = meters.conflated();
        this.slowConsumerDisconnects = meters.slowConsumerDisconnects();
        this.deliveryLatency = meters.deliveryLatency();
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

    /**
     * Places the snapshot of each registered slot that no live quote has reached and whose
     * {@code seq} is above {@code since} (-1: every snapshot), and lets quotes flow again.
     */
    void endRegistration(List<MailboxSlot> registered, long since) {
        synchronized (this) {
            try {
                List<MailboxSlot> waiting = new ArrayList<>(registered.size());
                for (MailboxSlot slot : registered) {
                    // Read after the slot joined its channel: a quote published meanwhile is either here or in the slot.
                    EncodedQuote snapshot = slot.channel.latest();
                    if (snapshot != null && !slot.closed && slot.seq < 0 && closeReason == null) {
                        slot.seq = snapshot.seq();
                        if (snapshot.seq() > since) {
                            slot.pending = snapshot;
                            waiting.add(slot);
                        }
                    }
                }
                // Oldest first, so each insertion only steps over the live quotes that arrived meanwhile.
                waiting.sort(Comparator.comparingLong(slot -> slot.seq));
                for (MailboxSlot slot : waiting) {
                    EncodedQuote snapshot = slot.pending;
                    slot.pending = null;
                    slot.snapshotSeq = snapshot.seq();
                    if (!place(slot, snapshot)) {
                        break;
                    }
                }
            }
            finally {
                registering = false;
            }
        }
        signal();
    }

    /** A slot of this mailbox for {@code channel}, sending at most one quote per {@code intervalNanos} (0: unthrottled). */
    MailboxSlot newSlot(SymbolChannel channel, long intervalNanos) {
        MailboxSlot slot = new MailboxSlot(channel, this);
        slot.intervalNanos = intervalNanos;
        slot.dueNanos = timer.now();
        return slot;
    }

    /** Changes a slot's {@code maxRate}; a quote it holds still waits for the time already set. */
    void throttle(MailboxSlot slot, long intervalNanos) {
        boolean released = false;
        synchronized (this) {
            if (slot.intervalNanos == 0) {
                slot.dueNanos = timer.now();
            }
            slot.intervalNanos = intervalNanos;
            if (intervalNanos == 0 && slot.held && !slot.closed && closeReason == null) {
                // Unthrottled now: the held quote goes at once (its entry in `held` is dropped lazily).
                releaseHeld(slot);
                released = true;
            }
        }
        if (released) {
            signal();
        }
    }

    /** Queues {@code beat} unless one already waits; the hub calls this for clients idle for the interval. */
    void heartbeat(Heartbeat beat) {
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            heartbeat = beat;
        }
        signal();
    }

    /** How many batches have left so far: unchanged between two looks means the client was idle. */
    long batchesSent() {
        return batchesSent;
    }

    /**
     * The next batch right now, bypassing the subscriber, or an empty list; for a transport that
     * answers once (long-poll) and must call this on the drain's executor, so the two never race.
     */
    List<Outbound> takeNow() {
        if (closeReason != null) {
            return List.of();
        }
        List<Outbound> batch = nextBatch();
        if (batch == null) {
            return List.of();
        }
        sent.increment(batch.size());
        return batch;
    }

    /** The transport's socket can take more again: resume draining. */
    void writable() {
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
            if (!closeLocked(reason)) {
                return;
            }
        }
        signal();
    }

    /** Under the lock: closes, counting a slow consumer's disconnect; false if it was closed already. */
    private boolean closeLocked(CloseReason reason) {
        if (closeReason != null) {
            return false;
        }
        closeReason = reason;
        if (reason == CloseReason.SLOW_CONSUMER) {
            slowConsumerDisconnects.increment();
        }
        ready.clear();
        replies.clear();
        held.clear();
        heartbeat = null;
        pendingReplies = 0;
        if (releaseTask != null) {
            releaseTask.dispose();
            releaseTask = null;
        }
        return true;
    }

    CloseReason closeReason() {
        return closeReason;
    }

    /** A live quote for {@code slot}: it joins the pending quotes as the newest (or is held, if throttled). */
    void offer(MailboxSlot slot, EncodedQuote q) {
        boolean wasEmpty;
        int outcome;
        synchronized (this) {
            // A quote the snapshot already carried (the hub was between its snapshot write and its fan-out).
            if (slot.closed || closeReason != null || q.seq() <= slot.seq) {
                return;
            }
            slot.seq = q.seq();
            if (slot.intervalNanos != 0) {
                if (hold(slot, q)) {
                    return;
                }
                // Counted from when it is queued too: a queue (DISCONNECT) would otherwise take every quote of a stalled reader.
                slot.dueNanos = timer.now() + slot.intervalNanos;
            }
            wasEmpty = ready.isEmpty();
            outcome = ready.offer(slot, q, behind());
            if (outcome == PendingQuotes.OVERFLOW) {
                closeLocked(CloseReason.SLOW_CONSUMER);
            }
        }
        if (outcome > 0) {
            conflated.increment(outcome);
        }
        if (outcome == PendingQuotes.OVERFLOW || wasEmpty) {
            signal();
        }
    }

    /** The client takes nothing now: its socket is past the high-water mark, or its subscriber asks for nothing. */
    private boolean behind() {
        return !writable.getAsBoolean() || (subscriber != null && requested == 0);
    }

    /** Under the lock: keeps {@code q} in a throttled slot that is not due yet; false if it may go now. */
    private boolean hold(MailboxSlot slot, EncodedQuote q) {
        if (slot.held) {
            slot.pending = q;
            conflated.increment();
            return true;
        }
        long now = timer.now();
        if (now - slot.dueNanos >= 0) {
            return false;
        }
        slot.pending = q;
        slot.held = true;
        held.add(slot);
        if (slot.dueNanos - releaseAt < 0 || releaseTask == null) {
            if (releaseTask != null) {
                releaseTask.dispose();
            }
            releaseAt = slot.dueNanos;
            releaseTask = timer.scheduler().schedule(release, slot.dueNanos - now, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    /** On the timer: moves every due held quote into the ready list by its seq, and waits for the next. */
    private void releaseDue() {
        boolean released = false;
        synchronized (this) {
            releaseTask = null;
            releaseAt = Long.MAX_VALUE;
            if (closeReason != null) {
                return;
            }
            long now = timer.now();
            long next = Long.MAX_VALUE;
            boolean anyLeft = false;
            for (int i = held.size() - 1; i >= 0; i--) {
                MailboxSlot slot = held.get(i);
                if (slot.closed || !slot.held) {
                    held.remove(i);
                }
                else if (now - slot.dueNanos >= 0) {
                    held.remove(i);
                    slot.dueNanos = now + slot.intervalNanos;
                    released = true;
                    if (!releaseHeld(slot)) {
                        break;
                    }
                }
                else if (!anyLeft || slot.dueNanos - next < 0) {
                    anyLeft = true;
                    next = slot.dueNanos;
                }
            }
            if (anyLeft && closeReason == null) {
                releaseAt = next;
                releaseTask = timer.scheduler().schedule(release, Math.max(0, next - now), TimeUnit.NANOSECONDS);
            }
        }
        if (released) {
            signal();
        }
    }

    /** Under the lock: a held quote joins the ready list by its seq; false if that overflowed and closed the mailbox. */
    private boolean releaseHeld(MailboxSlot slot) {
        slot.held = false;
        EncodedQuote q = slot.pending;
        slot.pending = null;
        return place(slot, q);
    }

    /** Under the lock: places a quote by its seq; false if that overflowed and closed the mailbox. */
    private boolean place(MailboxSlot slot, EncodedQuote q) {
        int outcome = ready.place(slot, q);
        if (outcome == PendingQuotes.OVERFLOW) {
            closeLocked(CloseReason.SLOW_CONSUMER);
            return false;
        }
        if (outcome > 0) {
            conflated.increment(outcome);
        }
        return true;
    }

    /** An unsubscribed slot: its pending quote, if any, is dropped. */
    void remove(MailboxSlot slot) {
        synchronized (this) {
            slot.closed = true;
            if (slot.held) {
                slot.held = false;
            }
            else if (closeReason == null) {
                ready.remove(slot);
            }
            slot.pending = null;
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
                    while (e != r && !cancelled && closeReason == null && writable.getAsBoolean()) {
                        List<Outbound> batch = nextBatch();
                        if (batch == null) {
                            break;
                        }
                        sent.increment(batch.size());
                        batchesSent++;
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
            if (replies.isEmpty() && heartbeat == null && (registering || ready.isEmpty())) {
                return null;
            }
            List<Outbound> batch = new ArrayList<>(Math.min(maxBatch, 16));
            ControlMessage reply;
            while (batch.size() < maxBatch && (reply = replies.poll()) != null) {
                batch.add(reply);
            }
            pendingReplies = replies.size();
            long now = 0;
            long nowMicros = 0;
            EncodedQuote q;
            while (!registering && batch.size() < maxBatch && (q = ready.poll()) != null) {
                batch.add(q);
                MailboxSlot slot = ready.polledSlot();
                // A snapshot's ts says how old the price is, not how long the gateway took: not timed.
                if (q.seq() != slot.snapshotSeq) {
                    if (nowMicros == 0) {
                        nowMicros = Timestamps.nowMicros();
                    }
                    // A feed on another host may be slightly ahead of this clock: count that as no delay.
                    deliveryLatency.record(Math.max(0, nowMicros - q.quote().ts()), TimeUnit.MICROSECONDS);
                }
                if (slot.intervalNanos != 0) {
                    if (now == 0) {
                        now = timer.now();
                    }
                    slot.dueNanos = now + slot.intervalNanos;
                }
            }
            if (batch.isEmpty() && heartbeat != null) {
                batch.add(heartbeat);
            }
            // Anything that leaves shows the link is alive: a waiting heartbeat is moot.
            heartbeat = null;
            return batch.isEmpty() ? null : batch;
        }
    }
}
