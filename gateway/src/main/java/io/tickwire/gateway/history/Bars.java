package io.tickwire.gateway.history;

/**
 * A copy of one symbol's bars at one interval, oldest first, for one answer. Prices are whole
 * 0.01 ticks ({@code 18931} is 189.31).
 */
public final class Bars {

    private final BarInterval interval;
    private final long from;
    private final int size;
    private final long[] numbers;
    private final int[] values;

    Bars(BarInterval interval, long from, int size, long[] numbers, int[] values) {
        this.interval = interval;
        this.from = from;
        this.size = size;
        this.numbers = numbers;
        this.values = values;
    }

    static Bars none(BarInterval interval, long from) {
        return new Bars(interval, from, 0, new long[0], new int[0]);
    }

    public BarInterval interval() {
        return interval;
    }

    /** Epoch ms: the start of the oldest interval whose bar this node has whole; no bar starts before. */
    public long from() {
        return from;
    }

    public int size() {
        return size;
    }

    /** The {@code i}th bar's start, epoch ms, a multiple of the interval. */
    public long start(int i) {
        return interval.startMillis(numbers[i]);
    }

    public int open(int i) {
        return value(i, 0);
    }

    public int high(int i) {
        return value(i, 1);
    }

    public int low(int i) {
        return value(i, 2);
    }

    public int close(int i) {
        return value(i, 3);
    }

    /** Shares traded in the bar. */
    public int volume(int i) {
        return value(i, 4);
    }

    private int value(int i, int field) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[i * BarRing.FIELDS + field];
    }
}
