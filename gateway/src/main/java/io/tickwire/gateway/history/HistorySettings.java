package io.tickwire.gateway.history;

/**
 * How many bars of each interval the history keeps per symbol.
 *
 * <p>Memory, per symbol that has quoted (a symbol that never quotes costs nothing):
 * {@code 40 × (secondBars + minuteBars) + 256} bytes: each bar is five {@code double}s (open, high,
 * low, close, volume: any instrument's prices and fractional quantities), held in one array per
 * interval, and about 256 bytes go to the symbol's entry, its lock and the two arrays' headers.
 * The defaults (270 one-second bars: 4½ minutes; 30 one-minute bars: half an hour) take 12,256
 * bytes a symbol, 122.6 MB (116.9 MiB) at 10,000 symbols.
 *
 * @param secondBars one-second bars kept per symbol: the {@code 1s} window, and the highest {@code limit}
 * @param minuteBars one-minute bars kept per symbol: the {@code 1m} window, and the highest {@code limit}
 */
public record HistorySettings(int secondBars, int minuteBars) {

    public static final int DEFAULT_SECOND_BARS = 270;
    public static final int DEFAULT_MINUTE_BARS = 30;
    /** What one bar takes: five doubles. */
    public static final int BYTES_PER_BAR = 40;
    /** What a symbol takes beyond its bars (map entry, lock, ring objects, array headers), rounded up. */
    public static final int BYTES_PER_SYMBOL = 256;
    /** A day of one-second bars: more would hold one symbol's arrays beyond a few MB. */
    public static final int MAX_BARS = 86_400;

    public HistorySettings {
        if (secondBars < 1 || minuteBars < 1 || secondBars > MAX_BARS || minuteBars > MAX_BARS) {
            throw new IllegalArgumentException("tickwire.history.second-bars and minute-bars must be in 1.."
                    + MAX_BARS + ", not " + secondBars + " and " + minuteBars);
        }
    }

    public static HistorySettings defaults() {
        return new HistorySettings(DEFAULT_SECOND_BARS, DEFAULT_MINUTE_BARS);
    }

    /** The window of {@code interval}: how many of its bars are kept per symbol. */
    public int bars(BarInterval interval) {
        return interval == BarInterval.SECOND ? secondBars : minuteBars;
    }

    /** The memory formula above: bytes one symbol takes once it has quoted. */
    public long bytesPerSymbol() {
        return (long) BYTES_PER_BAR * (secondBars + minuteBars) + BYTES_PER_SYMBOL;
    }
}
