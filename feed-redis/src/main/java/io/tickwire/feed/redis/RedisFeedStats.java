package io.tickwire.feed.redis;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link RedisQuoteFeed} has done so far, for meters and health: read from any thread.
 */
public final class RedisFeedStats {

    private final AtomicLong quotesRead = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong badEntries = new AtomicLong();
    private volatile long lastTs;
    private volatile long position;
    private volatile boolean connected;

    /** Quotes taken from the stream (snapshots not counted). */
    public long quotesRead() {
        return quotesRead.get();
    }

    /** Times the feed made its connections again after Redis failed. */
    public long reconnects() {
        return reconnects.get();
    }

    /**
     * Times the stream did not follow on from the last entry read (trimmed past it, Redis came back
     * empty or failed over): a snapshot was read again.
     */
    public long gaps() {
        return gaps.get();
    }

    /** Stream entries, and snapshot values, that could not be read, skipped. */
    public long badEntries() {
        return badEntries.get();
    }

    /** {@code ts} (epoch µs) of the last quote read from the stream; 0 before the first. */
    public long lastTs() {
        return lastTs;
    }

    /** The seq of the last stream entry read, or of the last snapshot. */
    public long position() {
        return position;
    }

    /** Whether the feed's connections are up and its last command succeeded. */
    public boolean connected() {
        return connected;
    }

    void read(long count, long ts, long seq) {
        quotesRead.addAndGet(count);
        lastTs = ts;
        position = seq;
        connected = true;
    }

    void snapshot(long seq) {
        position = seq;
        connected = true;
    }

    void gap() {
        gaps.incrementAndGet();
    }

    void badEntry() {
        badEntries.incrementAndGet();
    }

    void connectedNow() {
        connected = true;
    }

    void disconnected() {
        connected = false;
    }

    void reconnecting() {
        reconnects.incrementAndGet();
    }
}
