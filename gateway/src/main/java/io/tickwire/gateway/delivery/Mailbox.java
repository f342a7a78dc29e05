package io.tickwire.gateway.delivery;

import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.wire.ControlMessage;
import io.tickwire.gateway.wire.EncodedQuote;
import io.tickwire.gateway.wire.Heartbeat;
import io.tickwire.gateway.wire.Outbound;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One client's outbound side: its replies in order, then its waiting quotes in {@code seq}
 * order, drained as batches by a {@link BatchPublisher} on the connection's executor only while
 * the subscriber has demand and the socket takes more ({@code writable}: for Netty, the channel's
 * writability, so at most its high-water mark waits in Netty's buffer). Everything that waits is
 * bounded: quotes by the {@link QuoteRing} and its {@link SlowConsumerPolicy}, replies by the
 * {@link ReplyQueue} (which stops the transport reading requests), heartbeats at one
 * ({@link Heartbeats}), throttled symbols at one held quote each ({@link Throttle}).
 *
 * <p><b>Order.</b> A replaced quote's symbol moves to the tail, a snapshot is placed where its
 * {@code seq} belongs, so the quotes a client receives after its snapshot have increasing
 * {@code seq} and the last one is a safe resume cursor (a throttled symbol's held quote excepted).
 * A batch is taken under one lock, replies first: a reply queued after a change of subscriptions
 * is never overtaken by a quote that change excluded, and while a subscribe registers
 * ({@link SubscribeBarrier}) no quote leaves. Live quotes are timed as their batch is taken
 * ({@link DeliveryLatency}).
 *
 * <p><b>Threads.</b> The hub offers quotes from its thread and waits for no more than a few
 * pointer moves under this mailbox's lock.
 */
public final class Mailbox {

    private final int maxBatch;
    private final Counter conflated;
    private final Counter slowConsumerDisconnects;
    private final BatchPublisher publisher;
    private final Throttle throttle;
    private final DeliveryLatency latency;

    /** Guarded by {@code this}, as are the ring's and the throttle's state and every slot's. */
    private final QuoteRing ring;
    private final ReplyQueue replies = new ReplyQueue();
    /** Where {@link #nextBatch} gathers a batch ({@link Batches}); the drain's thread only. */
    private final ArrayList<Outbound> gathering = new ArrayList<>();
    private final SubscribeBarrier barrier = new SubscribeBarrier();
    /** The heartbeat rounds' only. */
    private final Heartbeats.Watch idle = new Heartbeats.Watch();
    private Heartbeat heartbeat;
    private volatile CloseReason closeReason;

    /**
     * @param executor drains this mailbox: the connection's event loop
     * @param writable whether the socket takes more bytes now; call {@link #writable()} when it does again
     */
    public Mailbox(Executor executor, BooleanSupplier writable, DeliveryClock clock, DeliverySettings settings,
                   DeliveryMeters meters) {
        this.maxBatch = settings.maxBatch();
        this.conflated = meters.conflated();
        this.slowConsumerDisconnects = meters.slowConsumerDisconnects();
        this.ring = QuoteRing.of(settings);
        this.publisher = new BatchPublisher(new BatchPublisher.Source() {
            @Override
            public List<Outbound> nextBatch(boolean lent) {
                return Mailbox.this.nextBatch(lent);
            }

            @Override
            public boolean closed() {
                return closeReason != null;
            }

            @Override
            public void end() {
                close(CloseReason.CLIENT_CLOSED);
            }
        }, replies, executor, writable, meters.sent());
        this.throttle = new Throttle(clock, meters.conflated(), this::releaseThrottled);
        this.latency = new DeliveryLatency(meters.deliveryLatency());
    }

    /**
     * The outbound stream; one subscriber. Completes after {@link #close}; cancelling it closes the
     * mailbox. {@code lent}: each batch is lent, not given ({@link Batches}), and must be done with
     * when {@code onNext} returns, so nothing that could keep it (a queue, another thread) may stand
     * between: for a subscriber that writes each batch at once. Lent batches allocate nothing.
     */
    public Flux<List<Outbound>> batches(boolean lent) {
        if (lent) {
            publisher.lend();
        }
        return Flux.from(publisher);
    }

    /** Queues a reply; replies keep their order and precede the quotes drained with them. */
    public void reply(ControlMessage message) {
        synchronized (this) {
            if (closeReason == null) {
                replies.add(message);
            }
        }
        publisher.signal();
    }

    /** Completes when the client has few enough unsent replies to take another request. */
    public Mono<Void> replyRoom() {
        return replies.room();
    }

    /** A new subscription: at most one quote per {@code intervalNanos} (0: any), none at or below {@code floor} (-1: none). */
    public SymbolSlot newSlot(long intervalNanos, long floor) {
        SymbolSlot slot = new SymbolSlot(this);
        slot.seq = floor;
        synchronized (this) {
            throttle.start(slot, intervalNanos);
        }
        return slot;
    }

    /**
     * Starts registering a subscribe: its {@code acks} are queued, and no quote leaves until
     * {@link #endRegistration} has placed the new symbols' snapshots. The caller adds its slots to
     * the fan-out in between, without this mailbox's lock, so the hub is never held up.
     */
    public void beginRegistration(List<ControlMessage> acks) {
        synchronized (this) {
            barrier.begin();
            if (closeReason == null) {
                replies.addAll(acks);
            }
        }
        publisher.signal();
    }

    /**
     * Places each snapshot as the first quote of its slot where it is newer than what the slot has
     * taken in (see {@link SubscribeBarrier}), and lets quotes flow again. Each snapshot must have
     * been read after its slot joined the fan-out.
     */
    public void endRegistration(List<SymbolSlot> registered, List<EncodedQuote> snapshots) {
        synchronized (this) {
            List<Placement> snapshotsToPlace = barrier.end(registered, snapshots);
            if (closeReason == null) {
                placeAllLocked(snapshotsToPlace);
            }
        }
        publisher.signal();
    }

    /** Changes a slot's {@code maxRate}; a quote it holds still waits for the time already set, unless unthrottled now. */
    public void throttle(SymbolSlot slot, long intervalNanos) {
        boolean released = false;
        synchronized (this) {
            EncodedQuote due = throttle.change(slot, intervalNanos);
            if (due != null && !slot.closed && closeReason == null) {
                placeLocked(slot, due);
                released = true;
            }
        }
        if (released) {
            publisher.signal();
        }
    }

    /** An unsubscribed slot: nothing of it is taken in or sent any more, not even what already waits. */
    public void remove(SymbolSlot slot) {
        synchronized (this) {
            slot.closed = true;
            throttle.drop(slot);
            if (closeReason == null) {
                ring.remove(slot);
            }
        }
    }

    /** A live quote for {@code slot}: it joins the waiting quotes as the newest (or is held, if throttled). */
    void offer(SymbolSlot slot, EncodedQuote q) {
        boolean wasEmpty;
        int outcome;
        synchronized (this) {
            // A quote the snapshot already carried (the hub was between its snapshot write and its fan-out).
            if (slot.closed || closeReason != null || q.seq() <= slot.seq) {
                return;
            }
            slot.seq = q.seq();
            if (throttle.hold(slot, q)) {
                return;
            }
            wasEmpty = ring.isEmpty();
            outcome = ring.offer(slot, q, publisher.takesNothing());
            if (outcome == QuoteRing.OVERFLOW) {
                closeLocked(CloseReason.SLOW_CONSUMER);
            }
        }
        if (outcome > 0) {
            conflated.increment(outcome);
        }
        if (outcome == QuoteRing.OVERFLOW || wasEmpty) {
            publisher.signal();
        }
    }

    /** Queues {@code beat} unless one already waits. */
    void heartbeat(Heartbeat beat) {
        synchronized (this) {
            if (closeReason == null) {
                heartbeat = beat;
            }
        }
        publisher.signal();
    }

    /** A heartbeat round's look: true when nothing has left since {@link Heartbeats#LOOKS} looks ago. */
    boolean idleThroughLook() {
        return idle.idleAfter(publisher.batchesSent());
    }

    /** The next batch now, or an empty list, bypassing the subscriber (long-poll); on the drain's executor only. */
    public List<Outbound> takeNow() {
        if (closeReason != null) {
            return List.of();
        }
        List<Outbound> batch = nextBatch(false);
        return batch == null ? List.of() : publisher.counted(batch);
    }

    /** The socket takes more bytes again: resume draining. */
    public void writable() {
        publisher.signal();
    }

    /** Ends the stream: what waits is dropped, the subscriber completes. Idempotent. */
    public void close(CloseReason reason) {
        synchronized (this) {
            if (!closeLocked(reason)) {
                return;
            }
        }
        replies.wakeIfRoom();
        publisher.signal();
    }

    /** Why the stream ended; {@code null} while open. */
    public CloseReason closeReason() {
        return closeReason;
    }
    // ---- for the publisher and the throttle's timer

    /** The next batch: replies first, then quotes unless a subscribe registers; a heartbeat only alone. */
    List<Outbound> nextBatch(boolean lent) {
        synchronized (this) {
            if (replies.isEmpty() && heartbeat == null && (barrier.holds() || ring.isEmpty())) {
                return null;
            }
            replies.takeInto(gathering, maxBatch);
            if (!barrier.holds()) {
                takeQuotes(gathering);
            }
            if (gathering.isEmpty() && heartbeat != null) {
                gathering.add(heartbeat);
            }
            // Anything that leaves shows the link is alive: a waiting heartbeat is moot.
            heartbeat = null;
            return lent ? Batches.lend(gathering) : Batches.handOut(gathering);
        }
    }

    private void takeQuotes(List<Outbound> batch) {
        latency.newBatch();
        throttle.newBatch();
        EncodedQuote q;
        while (batch.size() < maxBatch && (q = ring.poll()) != null) {
            batch.add(q);
            SymbolSlot slot = ring.polledSlot();
            if (q.seq() != slot.snapshotSeq) {
                latency.record(q);
            }
            throttle.sent(slot);
        }
    }

    /** The throttle's timer: its due quotes go into the ring. */
    private void releaseThrottled() {
        boolean released;
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            List<Placement> due = throttle.takeDue();
            released = !due.isEmpty();
            placeAllLocked(due);
        }
        if (released) {
            publisher.signal();
        }
    }

    /** Under the lock: places each quote by its seq, in order, until one overflows and closes the mailbox. */
    private void placeAllLocked(List<Placement> placements) {
        for (int i = 0; i < placements.size(); i++) {
            Placement p = placements.get(i);
            if (!placeLocked(p.slot(), p.quote())) {
                return;
            }
        }
    }

    /** Under the lock: places a quote by its seq; false if that overflowed and closed the mailbox. */
    private boolean placeLocked(SymbolSlot slot, EncodedQuote q) {
        int outcome = ring.place(slot, q);
        if (outcome == QuoteRing.OVERFLOW) {
            closeLocked(CloseReason.SLOW_CONSUMER);
            return false;
        }
        if (outcome > 0) {
            conflated.increment(outcome);
        }
        return true;
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
        ring.clear();
        replies.close();
        throttle.clear();
        heartbeat = null;
        return true;
    }
}
