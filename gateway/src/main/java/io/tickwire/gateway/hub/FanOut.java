package io.tickwire.gateway.hub;

import io.tickwire.gateway.delivery.SymbolSlot;
import io.tickwire.gateway.wire.EncodedQuote;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One symbol's subscribers, grouped by the executor their mailboxes drain on (a connection's
 * event loop): a quote goes to each event loop as one task that offers it to that loop's
 * subscribers. So a quote costs one hand-off between threads per event loop, not one per
 * subscriber; a mailbox is filled and drained by one thread, so the feed's thread never waits on
 * a mailbox's lock held by a drain (nor a drain on one held by a preempted feed thread, where
 * they share a core); and the drains a quote's offers ask for queue behind the offers already
 * waiting, so a loop that falls behind still sends what waits as one batch. Per event loop,
 * tasks run in the order they were given, so each subscriber still sees quotes in the order
 * they were published.
 *
 * <p>Immutable: {@link SymbolChannel} replaces it under its lock when a slot joins or leaves.
 */
final class FanOut {

    static final FanOut NONE = new FanOut(new Executor[0], new SymbolSlot[0][]);

    private final Executor[] executors;
    private final SymbolSlot[][] slots;

    private FanOut(Executor[] executors, SymbolSlot[][] slots) {
        this.executors = executors;
        this.slots = slots;
    }

    /** Offers {@code q} to every slot, on each slot's executor. */
    void offer(EncodedQuote q) {
        for (int i = 0; i < executors.length; i++) {
            SymbolSlot[] group = slots[i];
            try {
                executors[i].execute(() -> offerAll(group, q));
            }
            catch (RejectedExecutionException e) {
                // The event loop is shutting down: each mailbox finds that out, and closes, itself.
                offerAll(group, q);
            }
        }
    }

    private static void offerAll(SymbolSlot[] group, EncodedQuote q) {
        for (SymbolSlot slot : group) {
            slot.offer(q);
        }
    }

    FanOut with(SymbolSlot slot) {
        int i = indexOf(slot.executor());
        if (i < 0) {
            Executor[] e = Arrays.copyOf(executors, executors.length + 1);
            SymbolSlot[][] s = Arrays.copyOf(slots, slots.length + 1);
            e[executors.length] = slot.executor();
            s[slots.length] = new SymbolSlot[] {slot};
            return new FanOut(e, s);
        }
        SymbolSlot[][] s = slots.clone();
        s[i] = Arrays.copyOf(slots[i], slots[i].length + 1);
        s[i][slots[i].length] = slot;
        return new FanOut(executors, s);
    }

    FanOut without(SymbolSlot slot) {
        int i = indexOf(slot.executor());
        int j = i < 0 ? -1 : Arrays.asList(slots[i]).indexOf(slot);
        if (j < 0) {
            return this;
        }
        if (slots[i].length == 1) {
            return executors.length == 1 ? NONE : new FanOut(remove(executors, i), remove(slots, i));
        }
        SymbolSlot[][] s = slots.clone();
        s[i] = remove(slots[i], j);
        return new FanOut(executors, s);
    }

    private int indexOf(Executor executor) {
        for (int i = 0; i < executors.length; i++) {
            if (executors[i] == executor) {
                return i;
            }
        }
        return -1;
    }

    private static <T> T[] remove(T[] a, int i) {
        T[] b = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, i + 1, b, i, a.length - i - 1);
        return b;
    }
}
