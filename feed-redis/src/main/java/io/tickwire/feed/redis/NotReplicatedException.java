package io.tickwire.feed.redis;

import java.util.List;

/**
 * A call the primary ran, but which fewer replicas than {@link WaitForReplicas#replicas()}
 * reported holding within {@link WaitForReplicas#timeout()}, or whose connection was lost before
 * they did: its quotes are published on that primary, yet a failover before they reach a replica
 * may lose them. Sent again, they are published again under new seqs, which for quotes (state, not
 * events) changes nothing a client sees.
 */
public final class NotReplicatedException extends RuntimeException {

    private final List<Long> seqs;
    private final long replicas;

    NotReplicatedException(List<Long> seqs, long replicas, WaitForReplicas wanted) {
        super("published on the primary, but " + replicas + " of the " + wanted.replicas()
                + " replica(s) asked for acknowledged it within " + wanted.timeout().toMillis() + " ms", null, false,
                false);
        this.seqs = List.copyOf(seqs);
        this.replicas = replicas;
    }

    /** The connection was lost between the call and its {@code WAIT}: whether a replica holds it is not known. */
    NotReplicatedException(List<Long> seqs, WaitForReplicas wanted) {
        super("published on the primary, but the connection was lost before " + wanted.replicas()
                + " replica(s) acknowledged it", null, false, false);
        this.seqs = List.copyOf(seqs);
        this.replicas = 0;
    }

    /** The seqs the primary gave the call (empty for a definition). */
    public List<Long> seqs() {
        return seqs;
    }

    /** How many replicas acknowledged it (0 when the connection was lost first). */
    public long replicas() {
        return replicas;
    }
}
