package io.tickwire.feed.redis;

import java.time.Duration;

/**
 * How a gateway follows the backplane.
 *
 * @param streamMaxLen    about how many quotes the stream keeps (an entry counts as its quotes); set in Redis at start
 * @param readCount       about how many quotes one {@code XREAD} returns (what may wait between Redis and
 *                        the hub), and the most entries it asks for
 * @param block           how long one {@code XREAD} waits for new entries
 * @param symbolsInterval how often {@code tickwire:symbols} is checked for symbols announced by name without quotes yet
 * @param minBackoff      first wait before reconnecting after Redis failed; doubles up to {@code maxBackoff}
 * @param maxBackoff      longest wait between reconnects
 */
public record RedisFeedSettings(long streamMaxLen, int readCount, Duration block, Duration symbolsInterval,
                                Duration minBackoff, Duration maxBackoff) {

    public static final long DEFAULT_STREAM_MAX_LEN = 1_000_000;
    /**
     * Quotes one read aims at: ten publishers' calls of 1,000. Fewer would cap a node's reading at
     * high rates, where Redis, busy with the publishers' calls, answers a read only now and then.
     */
    public static final int DEFAULT_READ_COUNT = 10_000;

    public RedisFeedSettings {
        if (streamMaxLen < 1 || readCount < 1) {
            throw new IllegalArgumentException("streamMaxLen and readCount must be >= 1");
        }
        if (block.isNegative() || block.isZero() || symbolsInterval.isNegative() || symbolsInterval.isZero()
                || minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("durations must be > 0, and maxBackoff >= minBackoff");
        }
    }

    /** About 1,000,000 quotes kept, about 10,000 read at a time, 500 ms blocks, symbols checked twice a second, 100 ms..5 s backoff. */
    public static RedisFeedSettings defaults() {
        return new RedisFeedSettings(DEFAULT_STREAM_MAX_LEN, DEFAULT_READ_COUNT, Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    public RedisFeedSettings withStreamMaxLen(long maxLen) {
        return new RedisFeedSettings(maxLen, readCount, block, symbolsInterval, minBackoff, maxBackoff);
    }
}
