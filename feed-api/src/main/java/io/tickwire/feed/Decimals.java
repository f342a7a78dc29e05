package io.tickwire.feed;

/**
 * Prices and sizes as whole units of a decimal precision: {@code 189.31} at 2 decimals is 18931
 * units, {@code 0.0153} BTC at 8 decimals is 1,530,000. Quotes carry {@code double}s, which hold
 * no decimal exactly; these conversions say whether a {@code double} <em>is</em> a decimal of the
 * precision (the nearest double to one), and write units back as plain decimal text, so a price
 * goes over the wire as {@code 1.08345}, never {@code 1.0834500000000001} or {@code 1.0E-5}.
 *
 * <p>Tolerance: {@code x} is a decimal of {@code d} places when {@code x·10^d} lies within
 * {@code 1e-9 + 1e-12·|x·10^d|} of an integer: a price parsed from text or divided from whole
 * ticks passes, one computed with a few float operations ({@code 0.1 + 0.2}) passes as the decimal
 * it meant, and one with a digit too many ({@code 189.315} at 2 places) does not. The Redis
 * function applies the same rule. Nothing here allocates but the text methods.
 */
public final class Decimals {

    /** Most decimal places a price may have (PROTOCOL.md §1a). */
    public static final int MAX_PRICE_DECIMALS = 10;
    /** Most decimal places a size may have. */
    public static final int MAX_SIZE_DECIMALS = 8;
    /** Largest number of units: 2^53 - 1, where doubles stop holding every integer. */
    public static final long MAX_UNITS = (1L << 53) - 1;
    /** What {@link #units} answers for a value that is not a decimal of the precision, or is out of range. */
    public static final long NOT_EXACT = Long.MIN_VALUE;

    private static final double[] POW10 = new double[MAX_PRICE_DECIMALS + 1];
    private static final long[] LONG_POW10 = new long[MAX_PRICE_DECIMALS + 1];

    static {
        long p = 1;
        for (int i = 0; i <= MAX_PRICE_DECIMALS; i++) {
            LONG_POW10[i] = p;
            POW10[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    /** 10^{@code decimals}, for {@code decimals} in 0..{@value #MAX_PRICE_DECIMALS}. */
    public static long pow10(int decimals) {
        return LONG_POW10[decimals];
    }

    /**
     * {@code x} in whole units of {@code 10^-decimals}, or {@link #NOT_EXACT} if it has more
     * decimal places, is not finite, or is {@link #MAX_UNITS} units or more (in magnitude).
     */
    public static long units(double x, int decimals) {
        double v = x * POW10[decimals];
        if (!(Math.abs(v) < MAX_UNITS)) {
            return NOT_EXACT;
        }
        long r = Math.round(v);
        return Math.abs(v - r) <= 1e-9 + Math.abs(v) * 1e-12 ? r : NOT_EXACT;
    }

    /** The {@code double} nearest to {@code units · 10^-decimals} (dividing, so it is the nearest). */
    public static double value(long units, int decimals) {
        return units / POW10[decimals];
    }

    /**
     * Writes {@code units} (&ge; 0) as a plain decimal with exactly {@code decimals} places, or
     * with trailing zeros (and a bare point) dropped when {@code trim}, into {@code out} at
     * {@code pos}; returns the position after it. At most 17 + 2 bytes: {@code out} needs room.
     */
    public static int write(byte[] out, int pos, long units, int decimals, boolean trim) {
        long whole = units / LONG_POW10[decimals];
        long frac = units - whole * LONG_POW10[decimals];
        pos = writeLong(out, pos, whole);
        if (decimals == 0 || (trim && frac == 0)) {
            return pos;
        }
        out[pos++] = '.';
        int digits = decimals;
        if (trim) {
            while (frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
        }
        for (int i = pos + digits - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + frac % 10);
            frac /= 10;
        }
        return pos + digits;
    }

    /** {@link #write} as text, for the places that are not on the hot path (messages, instrument lists). */
    public static String plain(long units, int decimals, boolean trim) {
        byte[] b = new byte[24];
        int n = write(b, 0, Math.abs(units), decimals, trim);
        String s = new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
        return units < 0 ? "-" + s : s;
    }

    /** {@code x} as short plain decimal text, for messages that quote a value back: {@code 1.0E-5} is {@code 0.00001}. */
    public static String text(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** Writes {@code v} (&ge; 0) in decimal at {@code pos}; returns the position after it. */
    public static int writeLong(byte[] out, int pos, long v) {
        int start = pos;
        do {
            out[pos++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return pos;
    }
}
