package io.tickwire.gateway.history;

import java.util.Arrays;

/**
 * The newest bars of one symbol at one interval, in a ring of primitive slots indexed by bar
 * number: bar {@code n} lives in slot {@code n mod capacity}, so a bar is found without a search and
 * the ring never holds more than its window. Values are the quotes' own (prices, and the quantity
 * traded, at the instrument's precision). Only intervals that had
 * a quote hold a bar; the slots of the intervals a symbol skipped are marked empty as the ring
 * moves past them.
 *
 * <p>Not thread-safe: {@link SymbolBars} guards it. Nothing here allocates after construction but
 * {@link #read}, which copies out.
 */
final class BarRing {

    private static final int OPEN = 0;
    private static final int HIGH = 1;
    private static final int LOW = 2;
    private static final int CLOSE = 3;
    private static final int VOLUME = 4;
    /** Doubles per bar. */
    static final int FIELDS = 5;
    /** A volume no bar has: the slot holds no bar of the current lap. */
    private static final double EMPTY = -1;
    private static final long NONE = Long.MIN_VALUE;

    private final int capacity;
    private final double[] slots;
    /** The newest bar's number ({@link BarInterval#bar}), {@link #NONE} before the first quote. */
    private long newest = NONE;

    BarRing(int capacity) {
        this.capacity = capacity;
        this.slots = new double[capacity * FIELDS];
        Arrays.fill(slots, EMPTY);
    }

    /**
     * Adds a trade at {@code price} with {@code volume} traded to bar {@code bar}: it opens
     * that bar if the bar is newer than the newest, and is folded into the newest bar otherwise
     * (a bar never reopens, so a late quote counts in the bar that is forming).
     */
    void add(long bar, double price, double volume) {
        if (newest != NONE && bar <= newest) {
            int i = index(newest);
            slots[i + HIGH] = Math.max(slots[i + HIGH], price);
            slots[i + LOW] = Math.min(slots[i + LOW], price);
            slots[i + CLOSE] = price;
            slots[i + VOLUME] += volume;
            return;
        }
        if (newest != NONE) {
            // The skipped intervals' slots still hold bars of an earlier lap: mark them empty.
            long skipped = Math.min(bar - newest - 1, capacity);
            for (long b = newest + 1; b <= newest + skipped; b++) {
                slots[index(b) + VOLUME] = EMPTY;
            }
        }
        int i = index(bar);
        slots[i + OPEN] = price;
        slots[i + HIGH] = price;
        slots[i + LOW] = price;
        slots[i + CLOSE] = price;
        slots[i + VOLUME] = volume;
        newest = bar;
    }

    /** The newest bar's number, or {@link Long#MIN_VALUE} before any. */
    long newest() {
        return newest;
    }

    /** The oldest bar number the window can still hold, or {@link Long#MIN_VALUE} before any bar. */
    long oldestKept() {
        return newest == NONE ? NONE : newest - capacity + 1;
    }

    /**
     * The newest {@code limit} bars numbered {@code first} or later, oldest first, copied into
     * {@code numbers} and {@code values} ({@link #FIELDS} doubles each, from index 0); returns how many.
     */
    int read(long first, int limit, long[] numbers, double[] values) {
        if (newest == NONE) {
            return 0;
        }
        // Back from the newest to find where the newest `limit` bars start, then copy them forward.
        long start = newest + 1;
        int n = 0;
        for (long b = newest; b >= Math.max(first, oldestKept()) && n < limit; b--) {
            if (holds(b)) {
                start = b;
                n++;
            }
        }
        int k = 0;
        for (long b = start; b <= newest; b++) {
            if (holds(b)) {
                numbers[k] = b;
                System.arraycopy(slots, index(b), values, k * FIELDS, FIELDS);
                k++;
            }
        }
        return k;
    }

    private boolean holds(long bar) {
        return slots[index(bar) + VOLUME] != EMPTY;
    }

    private int index(long bar) {
        return (int) Math.floorMod(bar, (long) capacity) * FIELDS;
    }
}
