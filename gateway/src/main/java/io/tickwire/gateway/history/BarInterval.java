package io.tickwire.gateway.history;

import java.util.concurrent.TimeUnit;

/** The bar lengths the history keeps, by their name in {@code GET /api/bars?interval=…}. */
public enum BarInterval {

    SECOND("1s", TimeUnit.SECONDS.toMicros(1)),
    MINUTE("1m", TimeUnit.MINUTES.toMicros(1));

    private final String label;
    private final long micros;

    BarInterval(String label, long micros) {
        this.label = label;
        this.micros = micros;
    }

    /** {@code 1s} or {@code 1m}. */
    public String label() {
        return label;
    }

    /** The bar number of a quote stamped {@code tsMicros}: its interval, counted from the epoch. */
    long bar(long tsMicros) {
        return Math.floorDiv(tsMicros, micros);
    }

    /** The first bar that starts at or after {@code tsMicros}. */
    long barAtOrAfter(long tsMicros) {
        return Math.floorDiv(tsMicros + micros - 1, micros);
    }

    /** A bar's start, epoch milliseconds. */
    long startMillis(long bar) {
        return bar * (micros / 1000);
    }

    /** The interval named {@code label}, or {@code null} for any other. */
    public static BarInterval of(String label) {
        for (BarInterval i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        return null;
    }
}
