package io.tickwire.feed.redis;

/**
 * The keys of the Redis backplane (PROTOCOL.md §7), as the Function library {@code tickwire.lua}
 * fixes them: everything under {@code tickwire:}. The library's header says what each holds.
 */
public final class RedisKeys {

    /** Hash symbol → the instrument's JSON (PROTOCOL.md §1a), written by {@code tickwire_define}. */
    public static final String INSTRUMENTS = "tickwire:instruments";
    /** Hash symbol → display name: {@code HSET tickwire:symbols AAPL "Apple Inc."} announces an equity by name. */
    public static final String SYMBOLS = "tickwire:symbols";
    /** Hash symbol → that symbol's latest quote JSON. */
    public static final String LATEST = "tickwire:latest";
    /**
     * Stream of one entry per call, id {@code <seq>-0}: field {@link #PREV} the id (seq) of the
     * entry before it, and {@link #FIRST_SEQ}, {@link #TS} and {@link #QUOTES_FIELD} (the call's
     * quotes) or {@link #INSTRUMENTS_FIELD}.
     */
    public static final String QUOTES = "tickwire:quotes";
    /** The last seq assigned: the id of the stream's last entry. */
    public static final String SEQ = "tickwire:seq";
    /** Hash of settings the functions read: {@code stream-max-len}. */
    public static final String CONFIG = "tickwire:config";
    /** Hash of counts the functions keep: {@code quotes} published, in {@code calls}. */
    public static final String STATS = "tickwire:stats";

    /** Stream entry field: the seq of the entry before this one, {@code 0} for the first of a stream. */
    static final String PREV = "prev";
    /** Stream entry field: the seq of the first quote of a {@code tickwire_publish} (the others follow, consecutive). */
    static final String FIRST_SEQ = "seq";
    /** Stream entry field: Redis's clock (epoch µs) at the call, the ts of its quotes that have none. */
    static final String TS = "ts";
    /** Stream entry field: the JSON array of the quotes of one {@code tickwire_publish}, without their seqs. */
    static final String QUOTES_FIELD = "q";
    /** Stream entry field: the JSON array of the instruments of one {@code tickwire_define}. */
    static final String INSTRUMENTS_FIELD = "i";

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
