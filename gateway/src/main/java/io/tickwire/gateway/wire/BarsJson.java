package io.tickwire.gateway.wire;

import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import java.util.Arrays;

/**
 * {@code {"symbol":…,"interval":"1s","from":…,"priceDecimals":2,"sizeDecimals":0,
 * "bars":[{"t":…,"o":…,"h":…,"l":…,"c":…,"v":…},…]}}: the body of {@code GET /api/bars}, written
 * straight into bytes, prices and volumes at the instrument's precision as quotes are
 * ({@code 189.30}, {@code 1.08345}; volumes {@code 1200}, {@code 3.25}).
 *
 * <p>One instance writes one answer: {@link #bar} for each bar, oldest first, then {@link #finish()}.
 */
public final class BarsJson {

    private final int priceDecimals;
    private final int sizeDecimals;
    private byte[] out;
    private int pos;
    private boolean first = true;

    /** {@code instrument}'s symbol is plain ASCII with nothing to escape. */
    public BarsJson(Instrument instrument, String interval, long from, int bars) {
        this.priceDecimals = instrument.priceDecimals();
        this.sizeDecimals = instrument.sizeDecimals();
        this.out = new byte[128 + bars * 140];
        text("{\"symbol\":\"").text(instrument.symbol()).text("\",\"interval\":\"").text(interval)
                .text("\",\"from\":");
        pos = Decimals.writeLong(out, pos, from);
        text(",\"priceDecimals\":");
        pos = Decimals.writeLong(out, pos, priceDecimals);
        text(",\"sizeDecimals\":");
        pos = Decimals.writeLong(out, pos, sizeDecimals);
        text(",\"bars\":[");
    }

    /** One bar: its start (epoch ms), open, high, low and close prices, and the quantity traded. */
    public BarsJson bar(long start, double open, double high, double low, double close, double volume) {
        text(first ? "{\"t\":" : ",{\"t\":");
        pos = Decimals.writeLong(out, pos, start);
        number(",\"o\":", open, priceDecimals, false);
        number(",\"h\":", high, priceDecimals, false);
        number(",\"l\":", low, priceDecimals, false);
        number(",\"c\":", close, priceDecimals, false);
        number(",\"v\":", volume, sizeDecimals, true);
        out[pos++] = '}';
        first = false;
        return this;
    }

    public byte[] finish() {
        text("]}");
        return Arrays.copyOf(out, pos);
    }

    /** Bars hold the quotes' values, each a decimal of the precision it had; rounded to the one it has now. */
    private void number(String key, double value, int decimals, boolean trim) {
        text(key);
        double scaled = value * Decimals.pow10(decimals);
        pos = Decimals.write(out, pos, Math.max(0, Math.round(Math.min(scaled, Decimals.MAX_UNITS))), decimals, trim);
    }

    private BarsJson text(String s) {
        if (pos + s.length() + 32 > out.length) {
            out = Arrays.copyOf(out, out.length * 2 + s.length());
        }
        for (int i = 0; i < s.length(); i++) {
            out[pos++] = (byte) s.charAt(i);
        }
        return this;
    }
}
