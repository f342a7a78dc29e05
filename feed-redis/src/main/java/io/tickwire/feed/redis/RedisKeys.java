package io.tickwire.feed.redis;

/**
 * The keys of the Redis backplane (PROTOCOL.md §7), as the Function library {@code tickwire.lua}
 * fixes them: everything under {@code tickwire:}.
 */
public final class RedisKeys {

    /** Hash symbol → display name: {@code HSET tickwire:symbols AAPL "Apple Inc."} announces a symbol. */
    public static final String SYMBOLS = "tickwire:symbols";
    /** Hash symbol → that symbol's latest quote JSON. */
    public static final String LATEST = "tickwire:latest";
    /** Stream of quotes, entry id {@code <seq>-0}, field {@code q} the quote JSON. */
    public static final String QUOTES = "tickwire:quotes";
    /** The last seq assigned. */
    public static final String SEQ = "tickwire:seq";
    /** Hash of settings the functions read: {@code stream-max-len}. */
    public static final String CONFIG = "tickwire:config";

    private RedisKeys() {
    }

    /** The seq a stream entry id {@code <seq>-0} carries. */
    static long seqOf(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    /** The stream entry id of {@code seq}: XREAD from it returns the entries after it. */
    static String entryId(long seq) {
        return seq + "-0";
    }
}
