package io.tickwire.gateway.hub;

import io.tickwire.feed.SymbolInfo;
import java.util.Arrays;

/**
 * The hub's state for one symbol: its latest quote (the snapshot) and the slots of the clients
 * subscribed to it.
 *
 * <p>Fan-out reads a copy-on-write array, so publishing never locks; subscribing and
 * unsubscribing copy it under this channel's lock.
 */
final class SymbolChannel {

    private static final MailboxSlot[] NONE = new MailboxSlot[0];

    final SymbolInfo info;
    private volatile EncodedQuote latest;
    private volatile MailboxSlot[] slots = NONE;

    SymbolChannel(SymbolInfo info) {
        this.info = info;
    }

    String symbol() {
        return info.symbol();
    }

    EncodedQuote latest() {
        return latest;
    }

    /**
     * Makes {@code q} the snapshot, then offers it to every subscriber. The order matters: a
     * subscriber registers, then reads the snapshot; between the two it sees the quote one way
     * or the other.
     */
    void publish(EncodedQuote q) {
        latest = q;
        for (MailboxSlot slot : slots) {
            slot.offer(q);
        }
    }

    synchronized void add(MailboxSlot slot) {
        MailboxSlot[] a = slots;
        MailboxSlot[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = slot;
        slots = b;
    }

    synchronized void remove(MailboxSlot slot) {
        MailboxSlot[] a = slots;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == slot) {
                MailboxSlot[] b = new MailboxSlot[a.length - 1];
                System.arraycopy(a, 0, b, 0, i);
                System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                slots = b.length == 0 ? NONE : b;
                return;
            }
        }
    }

    int subscribers() {
        return slots.length;
    }
}
