package io.tickwire.gateway.wire;

import java.nio.charset.StandardCharsets;

/**
 * {@code {"symbol":…,"interval":"1s","from":…,"bars":[{"t":…,"o":…,"h":…,"l":…,"c":…,"v":…},…]}}:
 * the body of {@code GET /api/bars}, written straight into bytes. Prices come as whole 0.01
 * ticks and are written with exactly two decimals, as quotes are ({@code 189.30}).
 *
 * <p>One instance writes one answer: {@link #bar} for each bar, oldest first, then {@link #finish()}.
 */
public final class BarsJson {

    private final StringBuilder out;
    private boolean first = true;

    /** {@code symbol} is a ticker the hub carries (plain ASCII, nothing to escape). */
    public BarsJson(String symbol, String interval, long from, int bars) {
        out = new StringBuilder(64 + bars * 80);
        out.append("{\"symbol\":\"").append(symbol).append("\",\"interval\":\"").append(interval)
                .append("\",\"from\":").append(from).append(",\"bars\":[");
    }

    /** One bar: its start (epoch ms), open, high, low and close in 0.01 ticks, and shares traded. */
    public BarsJson bar(long start, long open, long high, long low, long close, long volume) {
        out.append(first ? "{\"t\":" : ",{\"t\":").append(start);
        price(",\"o\":", open);
        price(",\"h\":", high);
        price(",\"l\":", low);
        price(",\"c\":", close);
        out.append(",\"v\":").append(volume).append('}');
        first = false;
        return this;
    }

    public byte[] finish() {
        return out.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void price(String key, long ticks) {
        long frac = ticks % 100;
        out.append(key).append(ticks / 100).append('.').append((char) ('0' + frac / 10)).append((char) ('0' + frac % 10));
    }
}
