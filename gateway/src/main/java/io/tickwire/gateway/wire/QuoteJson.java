package io.tickwire.gateway.wire;

import io.tickwire.feed.Quote;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@link Quote} as the JSON object of PROTOCOL.md §1, straight into bytes.
 *
 * <p>The hub calls this once per quote and every subscriber shares the result, so it avoids the
 * general-purpose machinery: the field set is fixed, symbols are plain ASCII (the
 * {@link Quote} constructor checks it), and prices are written from whole cents, which prints
 * every price on its tick with exactly two decimals ({@code 189.30}, never {@code 189.29999}).
 *
 * <p>Not thread-safe: each instance reuses one scratch buffer.
 */
public final class QuoteJson {

    private static final byte[] TYPE_SYMBOL = ascii("{\"type\":\"quote\",\"symbol\":\"");
    private static final byte[] SEQ = ascii("\",\"seq\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] BID = ascii(",\"bid\":");
    private static final byte[] ASK = ascii(",\"ask\":");
    private static final byte[] LAST = ascii(",\"last\":");
    private static final byte[] BID_SIZE = ascii(",\"bidSize\":");
    private static final byte[] ASK_SIZE = ascii(",\"askSize\":");
    private static final byte[] LAST_SIZE = ascii(",\"lastSize\":");
    private static final byte[] VOLUME = ascii(",\"volume\":");
    private static final byte[] OPEN = ascii(",\"open\":");

    /** Fixed text (~110 bytes) + a 12-char symbol + 7 longs of up to 20 chars + 4 prices: well under 512. */
    private final byte[] scratch = new byte[512];
    private int pos;

    /** The quote's JSON object, in a new array sized to fit. */
    public byte[] encode(Quote q) {
        pos = 0;
        put(TYPE_SYMBOL);
        String symbol = q.symbol();
        for (int i = 0; i < symbol.length(); i++) {
            scratch[pos++] = (byte) symbol.charAt(i);
        }
        put(SEQ);
        putLong(q.seq());
        put(TS);
        putLong(q.ts());
        put(BID);
        putPrice(q.bid());
        put(ASK);
        putPrice(q.ask());
        put(LAST);
        putPrice(q.last());
        put(BID_SIZE);
        putLong(q.bidSize());
        put(ASK_SIZE);
        putLong(q.askSize());
        put(LAST_SIZE);
        putLong(q.lastSize());
        put(VOLUME);
        putLong(q.volume());
        put(OPEN);
        putPrice(q.open());
        scratch[pos++] = '}';
        return Arrays.copyOf(scratch, pos);
    }

    private void put(byte[] b) {
        System.arraycopy(b, 0, scratch, pos, b.length);
        pos += b.length;
    }

    private void putPrice(double price) {
        long cents = Math.round(price * 100);
        putLong(cents / 100);
        long frac = cents % 100;
        scratch[pos++] = '.';
        scratch[pos++] = (byte) ('0' + frac / 10);
        scratch[pos++] = (byte) ('0' + frac % 10);
    }

    /** Non-negative only: {@link Quote} guarantees it for every integer field and every price. */
    private void putLong(long v) {
        int start = pos;
        do {
            scratch[pos++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = scratch[i];
            scratch[i] = scratch[j];
            scratch[j] = t;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
