package io.tickwire.gateway.delivery;

import io.tickwire.gateway.wire.Outbound;
import java.util.List;

/**
 * How a mailbox hands out a batch: an exact-size, read-only copy of the list it gathered into,
 * which is cleared for the next batch.
 *
 * <p>Most batches hold one message (at 100k messages/s over 1,000 clients, a client gets one
 * every 10 ms). A fresh growable list for each batch, its array sized for 16, was most of what
 * delivery allocated, about 100 bytes a batch, and so a young collection every few seconds; a
 * list of one is a single small object.
 */
final class Batches {

    private Batches() {
    }

    /** What {@code gathered} holds, or {@code null} when empty; {@code gathered} is empty after. */
    static List<Outbound> handOut(List<Outbound> gathered) {
        List<Outbound> batch = switch (gathered.size()) {
            case 0 -> null;
            case 1 -> List.of(gathered.get(0));
            default -> List.copyOf(gathered);
        };
        gathered.clear();
        return batch;
    }
}
