package io.tickwire.gateway.wire;

import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@link Quote} as the JSON object of PROTOCOL.md §1, straight into bytes.
 *
 * <p>The hub calls this once per quote and every subscriber shares the result, so it avoids the
 * general-purpose machinery: the field set is fixed, symbols are plain ASCII with nothing to
 * escape (the {@link Quote} constructor checks it), and every price and size is written from whole
 * units of its instrument's precision ({@link Decimals}): prices with exactly {@code priceDecimals}
 * places ({@code 189.30}, {@code 1.08345}, never {@code 189.29999} or {@code 1.0E-5}), sizes and
 * volume with at most {@code sizeDecimals} ({@code 100}, {@code 0.0153}). No {@code BigDecimal},
 * no formatter, one array per quote.
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

    /** Fixed text (~110 bytes) + a 32-char symbol + 2 longs of up to 20 chars + 8 numbers of up to 19: under 512. */
    private final byte[] scratch = new byte[512];
    private int pos;
    private Instrument instrument;

    /**
     * The quote's JSON object at {@code instrument}'s precision, in a new array sized to fit; or
     * {@code null} if a price is off the tick or has more places than the instrument's, or a size
     * is finer than its precision ({@link Instrument#refusal} says which).
     */
    public byte[] encode(Quote q, Instrument instrument) {
        this.instrument = instrument;
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
        boolean exact = putPrice(q.bid());
        put(ASK);
        exact &= putPrice(q.ask());
        put(LAST);
        exact &= putPrice(q.last());
        put(BID_SIZE);
        exact &= putSize(q.bidSize(), 1);
        put(ASK_SIZE);
        exact &= putSize(q.askSize(), 1);
        put(LAST_SIZE);
        exact &= putSize(q.lastSize(), 1);
        put(VOLUME);
        exact &= putSize(q.volume(), 0);
        put(OPEN);
        exact &= putPrice(q.open());
        scratch[pos++] = '}';
        return exact ? Arrays.copyOf(scratch, pos) : null;
    }

    private void put(byte[] b) {
        System.arraycopy(b, 0, scratch, pos, b.length);
        pos += b.length;
    }

    /** Writes the price; false if it is not a whole number of ticks at the instrument's places. */
    private boolean putPrice(double price) {
        long units = instrument.priceUnits(price);
        if (units == Decimals.NOT_EXACT) {
            return false;
        }
        pos = Decimals.write(scratch, pos, units, instrument.priceDecimals(), false);
        return true;
    }

    /** Writes the size (or volume); false if it is finer than the instrument's precision (a size rounding to 0 too). */
    private boolean putSize(double size, long least) {
        long units = instrument.sizeUnits(size, least);
        if (units == Decimals.NOT_EXACT) {
            return false;
        }
        pos = Decimals.write(scratch, pos, units, instrument.sizeDecimals(), true);
        return true;
    }

    /** Non-negative only: {@link Quote} guarantees it for seq and ts. */
    private void putLong(long v) {
        pos = Decimals.writeLong(scratch, pos, v);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
