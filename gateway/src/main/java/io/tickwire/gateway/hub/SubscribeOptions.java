package io.tickwire.gateway.hub;

/**
 * How a client wants a subscribe served.
 *
 * @param since   resume cursor: only quotes with a greater {@code seq} are sent instead of the full
 *                snapshot; {@link #NO_CURSOR} for the snapshot
 * @param maxRate quotes per second per symbol the client wants at most; 0 for no limit
 */
public record SubscribeOptions(long since, double maxRate) {

    public static final long NO_CURSOR = -1;
    public static final SubscribeOptions NONE = new SubscribeOptions(NO_CURSOR, 0);

    public SubscribeOptions {
        if (since < NO_CURSOR) {
            throw new IllegalArgumentException("since must be >= 0: " + since);
        }
        if (!(maxRate >= 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("maxRate must be a finite number >= 0: " + maxRate);
        }
    }

    public boolean resuming() {
        return since != NO_CURSOR;
    }
}
