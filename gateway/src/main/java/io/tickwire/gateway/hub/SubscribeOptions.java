package io.tickwire.gateway.hub;

/**
 * How a client wants a subscribe served.
 *
 * @param since   resume cursor: only quotes with a greater {@code seq} are sent instead of the full
 *                snapshot; {@link #NO_CURSOR} for the snapshot
 * @param maxRate quotes per second per symbol the client wants at most; 0 for no limit
 * @param atomic  the request is refused whole if any of its symbols is (SSE, long-poll: the
 *                refusal becomes the HTTP answer); otherwise the symbols not refused are subscribed
 *                and the others reported (WebSocket)
 */
public record SubscribeOptions(long since, double maxRate, boolean atomic) {

    public static final long NO_CURSOR = -1;
    /** The full snapshot, no rate limit, partial subscribes allowed. */
    public static final SubscribeOptions NONE = new SubscribeOptions(NO_CURSOR, 0, false);

    public SubscribeOptions {
        if (since < NO_CURSOR) {
            throw new IllegalArgumentException("since must be >= 0: " + since);
        }
        if (!(maxRate >= 0) || Double.isInfinite(maxRate)) {
            throw new IllegalArgumentException("maxRate must be a finite number >= 0: " + maxRate);
        }
    }

    public SubscribeOptions(long since, double maxRate) {
        this(since, maxRate, false);
    }

    /** These options, refused whole if any symbol is refused. */
    public SubscribeOptions whole() {
        return new SubscribeOptions(since, maxRate, true);
    }
}
