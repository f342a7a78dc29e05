package io.tickwire.feed.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Quotes as the backplane carries them: the payload a publisher hands {@code tickwire_publish}
 * (PROTOCOL.md §7: §1's object without {@code type} and {@code seq}), the array of them a stream
 * entry holds (seqs given by the entry), and a symbol's latest quote (§1's object, {@code seq}
 * included), read back into a {@link Quote} whose constructor checks it once more.
 */
final class QuoteCodec {

    private static final JsonFactory JSON = new JsonFactory();
    /** The longest payload less its symbol: names and punctuation, ts, and eight 18-character numbers. */
    static final int PAYLOAD_FIXED = 93 + 16 + 8 * 18;

    private QuoteCodec() {
    }

    /**
     * {@code {"symbol":…,"ts":…,"bid":…,…}} in the form the function's fast path reads: §1's field
     * order, no spaces, prices with exactly {@code instrument}'s places, sizes with at most its
     * places. A quote not at its instrument's precision, which Redis would refuse, is an
     * {@link IllegalArgumentException} here.
     */
    static String payload(Quote q, Instrument instrument) {
        // 93 bytes of names and punctuation, a ts of up to 16 digits, 8 numbers of up to 17 digits and a point.
        byte[] b = new byte[PAYLOAD_FIXED + q.symbol().length()];
        int pos = put(b, 0, "{\"symbol\":\"");
        pos = put(b, pos, q.symbol());
        pos = put(b, pos, "\",\"ts\":");
        pos = Decimals.writeLong(b, pos, q.ts());
        pos = price(b, put(b, pos, ",\"bid\":"), q.bid(), instrument);
        pos = price(b, put(b, pos, ",\"ask\":"), q.ask(), instrument);
        pos = price(b, put(b, pos, ",\"last\":"), q.last(), instrument);
        pos = size(b, put(b, pos, ",\"bidSize\":"), q.bidSize(), instrument);
        pos = size(b, put(b, pos, ",\"askSize\":"), q.askSize(), instrument);
        pos = size(b, put(b, pos, ",\"lastSize\":"), q.lastSize(), instrument);
        pos = size(b, put(b, pos, ",\"volume\":"), q.volume(), instrument);
        pos = price(b, put(b, pos, ",\"open\":"), q.open(), instrument);
        b[pos++] = '}';
        return new String(b, 0, pos, StandardCharsets.US_ASCII);
    }

    private static int price(byte[] b, int pos, double x, Instrument instrument) {
        return write(b, pos, x, instrument.priceUnits(x), instrument.priceDecimals(), false);
    }

    private static int size(byte[] b, int pos, double x, Instrument instrument) {
        return write(b, pos, x, instrument.sizeUnits(x, 0), instrument.sizeDecimals(), true);
    }

    private static int write(byte[] b, int pos, double x, long units, int decimals, boolean trim) {
        if (units == Decimals.NOT_EXACT) {
            throw new IllegalArgumentException(Decimals.text(x) + " is not at its instrument's precision (" + decimals
                    + " places, on its tick)");
        }
        return Decimals.write(b, pos, units, decimals, trim);
    }

    private static int put(byte[] b, int pos, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            b[pos++] = (byte) ascii.charAt(i);
        }
        return pos;
    }

    /** A quote as the stream holds it; throws {@link IllegalArgumentException} if it is not one. */
    static Quote read(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + json);
            }
            return read(p, -1, -1);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not a quote: " + json, e);
        }
    }

    /**
     * The quotes of one stream entry, a JSON array of §7's quote objects (no {@code seq}), in order:
     * the first gets {@code firstSeq}, the next ones the seqs after it; one without its own
     * {@code ts} gets {@code ts}.
     */
    static List<Quote> readArray(String json, long firstSeq, long ts) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("not a JSON array");
            }
            List<Quote> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                out.add(read(p, firstSeq + out.size(), ts));
            }
            return out;
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not an array of quotes", e);
        }
    }

    /**
     * Reads one object, the parser on its START_OBJECT; leaves it on the END_OBJECT. The seq and ts
     * are its own, or these where it has none.
     */
    private static Quote read(JsonParser p, long seqIfNone, long tsIfNone) throws IOException {
        String symbol = null;
        long seq = seqIfNone;
        long ts = tsIfNone;
        double bidSize = 0;
        double askSize = 0;
        double lastSize = 0;
        double volume = -1;
        double bid = 0;
        double ask = 0;
        double last = 0;
        double open = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "symbol" -> symbol = p.getText();
                case "seq" -> seq = p.getLongValue();
                case "ts" -> ts = p.getLongValue();
                case "bid" -> bid = p.getDoubleValue();
                case "ask" -> ask = p.getDoubleValue();
                case "last" -> last = p.getDoubleValue();
                case "bidSize" -> bidSize = p.getDoubleValue();
                case "askSize" -> askSize = p.getDoubleValue();
                case "lastSize" -> lastSize = p.getDoubleValue();
                case "volume" -> volume = p.getDoubleValue();
                case "open" -> open = p.getDoubleValue();
                default -> p.skipChildren();
            }
        }
        return new Quote(symbol, seq, ts, bid, ask, last, bidSize, askSize, lastSize, volume, open);
    }
}
