package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.Outbound;
import java.util.List;

/**
 * How a mailbox hands out the batch it gathered into a list of its own: given (an exact-size,
 * read-only copy, the list cleared for the next batch) or lent (the list itself, cleared when
 * given back, after its subscriber's {@code onNext} returned).
 *
 * <p>Most batches hold one message (at 100k messages/s over 1,000 clients, a client gets one
 * every 10 ms). A fresh growable list for each batch, its array sized for 16, was most of what
 * delivery allocated, about 100 bytes a batch; a given list of one is a single small object, 24
 * bytes, still the most of what remained: at 100k messages/s, a young collection (a 25 ms pause
 * on one core) about every 30 s. A lent batch is no object at all; the WebSocket writer, which
 * encodes each batch into its frame at once, takes them lent (bench/README.md "The tail at 100k").
 */
final class Batches {

    private Batches() {
    }

    /** A copy of what {@code gathered} holds, or {@code null} when empty; {@code gathered} is empty after. */
    static List<Outbound> handOut(List<Outbound> gathered) {
        List<Outbound> batch = switch (gathered.size()) {
            case 0 -> null;
            case 1 -> List.of(gathered.get(0));
            default -> List.copyOf(gathered);
        };
        gathered.clear();
        return batch;
    }

    /** {@code gathered} itself, or {@code null} (and nothing to give back) when empty. */
    static List<Outbound> lend(List<Outbound> gathered) {
        return gathered.isEmpty() ? null : gathered;
    }

    /** A lent batch is done with: empty again for the next. */
    static void giveBack(List<Outbound> lent) {
        lent.clear();
    }
}
