package io.tickwire.gateway.delivery;

import io.micrometer.core.instrument.Counter;
import io.tickwire.gateway.wire.EncodedQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * {@code maxRate} for the slots of one mailbox: a throttled slot that sent less than its interval
 * ago holds its newest quote outside the {@code seq}-ordered ring (a newer one replaces it,
 * counted as conflated) until it is due: one timer on the delivery clock, set for the earliest
 * slot due, calls the mailbox back ({@code onDue}), which takes the due quotes ({@link #takeDue})
 * and places them in the ring by their {@code seq}.
 *
 * <p>Every method runs under the mailbox's lock; {@code onDue} is called without it, on the clock's thread.
 */
final class Throttle {

    private final DeliveryClock clock;
    private final Counter conflated;
    private final Runnable onDue;
    /** Slots holding a quote until they are due; unsubscribed or released ones are dropped lazily. */
    private final List<SymbolSlot> holding = new ArrayList<>();
    private Disposable releaseTask;
    private long releaseAt = Long.MAX_VALUE;
    private long batchNanos;

    /** @param onDue called on the clock's thread when held quotes are due: take them with {@link #takeDue} */
    Throttle(DeliveryClock clock, Counter conflated, Runnable onDue) {
        this.clock = clock;
        this.conflated = conflated;
        this.onDue = onDue;
    }

    /** A new slot sends at most one quote per {@code intervalNanos} (0: unthrottled), starting now. */
    void start(SymbolSlot slot, long intervalNanos) {
        slot.intervalNanos = intervalNanos;
        slot.dueNanos = clock.now();
    }

    /**
     * A new {@code maxRate} for {@code slot}; a quote it holds still waits for the time already
     * set, unless the slot is unthrottled now: then that quote is returned, to go at once.
     */
    EncodedQuote change(SymbolSlot slot, long intervalNanos) {
        if (slot.intervalNanos == 0) {
            slot.dueNanos = clock.now();
        }
        slot.intervalNanos = intervalNanos;
        return intervalNanos == 0 ? unhold(slot) : null;
    }

    /**
     * Whether {@code q} must wait: its slot is throttled and sent less than an interval ago (or
     * holds a quote already, which {@code q} replaces). When it may go, its slot's next quote
     * waits an interval from now: a queue (DISCONNECT) would otherwise take every quote of a
     * stalled reader.
     */
    boolean hold(SymbolSlot slot, EncodedQuote q) {
        if (slot.intervalNanos == 0) {
            return false;
        }
        if (slot.held != null) {
            slot.held = q;
            conflated.increment();
            return true;
        }
        long now = clock.now();
        if (now - slot.dueNanos >= 0) {
            slot.dueNanos = now + slot.intervalNanos;
            return false;
        }
        slot.held = q;
        holding.add(slot);
        if (releaseTask == null || slot.dueNanos - releaseAt < 0) {
            schedule(slot.dueNanos, now);
        }
        return true;
    }

    /** A new batch is being taken: the clock is read again at its first throttled quote. */
    void newBatch() {
        batchNanos = 0;
    }

    /** A quote of {@code slot} has just left in a batch: if throttled, its next one waits an interval. */
    void sent(SymbolSlot slot) {
        if (slot.intervalNanos != 0) {
            if (batchNanos == 0) {
                batchNanos = clock.now();
            }
            slot.dueNanos = batchNanos + slot.intervalNanos;
        }
    }

    /** {@code slot} is unsubscribed: what it holds is never sent. */
    void drop(SymbolSlot slot) {
        slot.held = null;
    }

    /** The mailbox closed: nothing more is released. */
    void clear() {
        holding.clear();
        cancel();
    }

    /**
     * The held quotes that are due now, to go into the ring by their {@code seq}; the timer is set
     * again for the earliest of the others. Each due slot's next quote waits an interval from now.
     */
    List<Placement> takeDue() {
        // Called from the timer's own task: it has run (a timer a newer hold set meanwhile may still come, and finds nothing).
        releaseTask = null;
        releaseAt = Long.MAX_VALUE;
        long now = clock.now();
        long next = Long.MAX_VALUE;
        boolean anyLeft = false;
        List<Placement> due = new ArrayList<>();
        for (int i = holding.size() - 1; i >= 0; i--) {
            SymbolSlot slot = holding.get(i);
            if (slot.closed || slot.held == null) {
                holding.remove(i);
            }
            else if (now - slot.dueNanos >= 0) {
                holding.remove(i);
                slot.dueNanos = now + slot.intervalNanos;
                due.add(new Placement(slot, unhold(slot)));
            }
            else if (!anyLeft || slot.dueNanos - next < 0) {
                anyLeft = true;
                next = slot.dueNanos;
            }
        }
        if (anyLeft) {
            schedule(next, now);
        }
        return due;
    }

    private static EncodedQuote unhold(SymbolSlot slot) {
        EncodedQuote q = slot.held;
        slot.held = null;
        return q;
    }

    private void schedule(long at, long now) {
        cancel();
        releaseAt = at;
        releaseTask = clock.scheduler().schedule(onDue, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (releaseTask != null) {
            releaseTask.dispose();
            releaseTask = null;
        }
    }
}
