package io.tickwire.feed.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tickwire.feed.Quote;
import java.io.IOException;

/**
 * Quotes as the backplane carries them: the payload a publisher hands {@code tickwire_publish}
 * (PROTOCOL.md §7: §1's object without {@code type} and {@code seq}), and the quote JSON the
 * function writes to the stream (§1's object, {@code seq} included), read back into a
 * {@link Quote} whose constructor checks it once more.
 */
final class QuoteCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private QuoteCodec() {
    }

    /** {@code {"symbol":…,"ts":…,"bid":…,…}}: prices from whole cents, so always on the tick with two decimals. */
    static String payload(Quote q) {
        StringBuilder b = new StringBuilder(160)
                .append("{\"symbol\":\"").append(q.symbol())
                .append("\",\"ts\":").append(q.ts());
        price(b.append(",\"bid\":"), q.bid());
        price(b.append(",\"ask\":"), q.ask());
        price(b.append(",\"last\":"), q.last());
        b.append(",\"bidSize\":").append(q.bidSize())
                .append(",\"askSize\":").append(q.askSize())
                .append(",\"lastSize\":").append(q.lastSize())
                .append(",\"volume\":").append(q.volume());
        price(b.append(",\"open\":"), q.open());
        return b.append('}').toString();
    }

    private static void price(StringBuilder b, double price) {
        long cents = Math.round(price * 100);
        long frac = cents % 100;
        b.append(cents / 100).append('.').append((char) ('0' + frac / 10)).append((char) ('0' + frac % 10));
    }

    /** A quote as the stream holds it; throws {@link IllegalArgumentException} if it is not one. */
    static Quote read(String json) {
        String symbol = null;
        long seq = -1;
        long ts = -1;
        long bidSize = 0;
        long askSize = 0;
        long lastSize = 0;
        long volume = -1;
        double bid = 0;
        double ask = 0;
        double last = 0;
        double open = 0;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + json);
            }
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
                    case "bidSize" -> bidSize = p.getLongValue();
                    case "askSize" -> askSize = p.getLongValue();
                    case "lastSize" -> lastSize = p.getLongValue();
                    case "volume" -> volume = p.getLongValue();
                    case "open" -> open = p.getDoubleValue();
                    default -> p.skipChildren();
                }
            }
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not a quote: " + json, e);
        }
        return new Quote(symbol, seq, ts, bid, ask, last, bidSize, askSize, lastSize, volume, open);
    }
}
