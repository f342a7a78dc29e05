package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.EncodedQuote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a mailbox's quotes in while a subscribe registers, then says which of the new symbols'
 * snapshots the mailbox is to place among them by {@code seq}: the replies of the subscribe go
 * first, each snapshot follows unless a newer live quote of its symbol already has, and nothing
 * newer is overtaken.
 *
 * <p>Under the mailbox's lock.
 */
final class SubscribeBarrier {

    private boolean registering;

    void begin() {
        registering = true;
    }

    /** No quote may leave now. */
    boolean holds() {
        return registering;
    }

    /**
     * Opens, and returns the snapshots to place, oldest first (so each insertion only steps over
     * the live quotes that arrived meanwhile): {@code snapshots.get(i)} as the first quote of
     * {@code registered.get(i)} where it is newer than what the slot has taken in (no live quote
     * has reached the slot since it joined the fan-out: one that did is at least as new as the
     * snapshot) and above the slot's floor (a resume cursor). The slots are marked as starting
     * from their snapshot.
     */
    List<Placement> end(List<SymbolSlot> registered, List<EncodedQuote> snapshots) {
        registering = false;
        List<Placement> waiting = new ArrayList<>(registered.size());
        for (int i = 0; i < registered.size(); i++) {
            SymbolSlot slot = registered.get(i);
            EncodedQuote snapshot = snapshots.get(i);
            if (snapshot != null && !slot.closed && snapshot.seq() > slot.seq) {
                slot.seq = snapshot.seq();
                slot.snapshotSeq = snapshot.seq();
                waiting.add(new Placement(slot, snapshot));
            }
        }
        waiting.sort(Comparator.comparingLong(p -> p.quote().seq()));
        return waiting;
    }
}
