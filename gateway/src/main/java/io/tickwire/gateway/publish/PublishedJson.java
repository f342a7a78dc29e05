package io.tickwire.gateway.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Symbols;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/publish} and {@code POST /api/instruments} (PROTOCOL.md §8): a JSON
 * array of §7's quote objects or §1a's instrument objects, read with a streaming parser into
 * {@link Item}s, each with its own text (what a Redis node passes on to its function as written) and
 * either its value or why it is not one. The reasons are worded as the Redis function words them, so
 * a publisher reads the same refusal whichever node it posts to.
 */
public final class PublishedJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final long MAX_SAFE = (1L << 53) - 1;

    /**
     * One element of the array.
     *
     * @param json   its text, as the publisher wrote it
     * @param symbol its symbol when it names a string one, for the publish list's check; else {@code null}
     * @param value  what it reads as, or {@code null} when it does not
     * @param error  why it does not, or {@code null}
     */
    public record Item<T>(String json, String symbol, T value, String error) {
    }

    /** Thrown when the body is not a JSON array of objects at all: a 400 {@code BAD_REQUEST}. */
    static final class NotAnArray extends IllegalArgumentException {
        NotAnArray(String message) {
            super(message);
        }
    }

    private PublishedJson() {
    }

    /** The quotes of {@code body}; a quote without {@code ts} is stamped {@code nowMicros}. */
    static List<Item<Quote>> quotes(byte[] body, long nowMicros) {
        return read(body, (p, start) -> quote(p, nowMicros));
    }

    /** The instruments of {@code body}, what is left out of each taken as {@link Instrument#define} says. */
    static List<Item<Instrument>> instruments(byte[] body) {
        return read(body, (p, start) -> instrument(p));
    }

    /** What one object reads as: its symbol, then its value or its error. */
    private record Read<T>(String symbol, T value, String error) {
    }

    @FunctionalInterface
    private interface ObjectReader<T> {
        /** Reads the object whose START_OBJECT {@code p} is on, up to and including its END_OBJECT. */
        Read<T> read(JsonParser p, long start) throws IOException;
    }

    private static <T> List<Item<T>> read(byte[] body, ObjectReader<T> reader) {
        List<Item<T>> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new NotAnArray("the body must be a JSON array of objects, e.g. [{\"symbol\":\"AAPL\",…}]");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    out.add(new Item<>(text(body, start, end), null, null, "not a JSON object"));
                    continue;
                }
                Read<T> r = reader.read(p, start);
                int end = (int) p.currentTokenLocation().getByteOffset() + 1;
                out.add(new Item<>(text(body, start, end), r.symbol(), r.value(), r.error()));
            }
            if (p.nextToken() != null) {
                throw new NotAnArray("nothing may follow the array");
            }
        }
        catch (JsonProcessingException e) {
            throw new NotAnArray("the body is not valid JSON: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw new NotAnArray("the body cannot be read: " + e.getMessage());
        }
        return out;
    }

    private static String text(byte[] body, int start, int end) {
        return new String(body, start, end - start, StandardCharsets.UTF_8);
    }

    /** §7's quote object: §1's fields without {@code type} and {@code seq}; unknown fields are passed over. */
    private static Read<Quote> quote(JsonParser p, long nowMicros) throws IOException {
        String symbol = null;
        String error = null;
        boolean seq = false;
        Object ts = null;
        Object[] numbers = new Object[QUOTE_NUMBERS.length];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "symbol" -> symbol = v == JsonToken.VALUE_STRING ? p.getText() : INVALID;
                case "seq" -> seq = true;
                case "ts" -> ts = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? (Object) p.getLongValue() : INVALID;
                default -> {
                    int i = indexOf(field);
                    if (i >= 0) {
                        numbers[i] = v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT
                                ? (Object) p.getDoubleValue() : INVALID;
                    }
                }
            }
            p.skipChildren();
        }
        String named = symbol == null || symbol == INVALID ? null : symbol;
        if (symbol == null) {
            error = "missing symbol";
        }
        else if (symbol == INVALID || !Symbols.isValid(symbol)) {
            error = "symbol must match " + Symbols.PATTERN;
        }
        else if (seq) {
            error = "seq must be left out: the gateway stamps it";
        }
        else if (ts != null && (ts == INVALID || (long) ts < 1 || (long) ts > MAX_SAFE)) {
            error = "ts must be an integer > 0 and < 2^53 (epoch microseconds)";
        }
        else {
            error = numbersError(numbers);
        }
        if (error != null) {
            return new Read<>(named, null, error);
        }
        double[] n = new double[numbers.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = (double) numbers[i];
        }
        return new Read<>(named, new Quote(symbol, 0, ts == null ? nowMicros : (long) ts, n[0], n[1], n[2], n[3], n[4],
                n[5], n[6], n[7]), null);
    }

    /** In the Quote constructor's order; the first four are prices. */
    private static final String[] QUOTE_NUMBERS = {"bid", "ask", "last", "bidSize", "askSize", "lastSize", "volume",
        "open"};
    /** A field present with a value of the wrong kind. */
    private static final String INVALID = new String("invalid");

    private static int indexOf(String field) {
        for (int i = 0; i < QUOTE_NUMBERS.length; i++) {
            if (QUOTE_NUMBERS[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** The first field missing, not a number, or out of range, in the Redis function's order; null if none. */
    private static String numbersError(Object[] numbers) {
        int[] order = {0, 1, 2, 7, 3, 4, 5, 6};
        for (int i : order) {
            String f = QUOTE_NUMBERS[i];
            Object v = numbers[i];
            if (v == null) {
                return "missing " + f;
            }
            if (v == INVALID || !Double.isFinite((double) v)) {
                return f + " is not a number";
            }
            double x = (double) v;
            if (f.equals("volume") ? x < 0 : x <= 0) {
                return f + (f.equals("volume") ? " must be >= 0" : " must be > 0");
            }
            if (f.equals("open") && (double) numbers[0] >= (double) numbers[1]) {
                return "bid must be < ask";
            }
        }
        return null;
    }

    /** §1a's object; only {@code symbol} is required. */
    private static Read<Instrument> instrument(JsonParser p) throws IOException {
        String symbol = null;
        Object name = null;
        Object type = null;
        Object currency = null;
        Object tick = null;
        Object priceDecimals = null;
        Object sizeDecimals = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            Object text = v == JsonToken.VALUE_STRING ? p.getText() : INVALID;
            Object integer = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                    ? (Object) p.getIntValue() : INVALID;
            switch (field) {
                case "symbol" -> symbol = (String) text;
                case "name" -> name = text;
                case "type" -> type = text == INVALID ? INVALID : InstrumentType.of((String) text) == null ? INVALID : text;
                case "currency" -> currency = text;
                case "tickSize" -> tick = v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT
                        ? (Object) p.getDoubleValue() : INVALID;
                case "priceDecimals" -> priceDecimals = integer;
                case "sizeDecimals" -> sizeDecimals = integer;
                default -> {
                }
            }
            p.skipChildren();
        }
        String named = symbol == null || symbol == INVALID ? null : symbol;
        String error = symbol == null ? "missing symbol"
                : symbol == INVALID || !Symbols.isValid(symbol) ? "symbol must match " + Symbols.PATTERN
                : name == INVALID ? "name must be a string of 1 to " + Instrument.MAX_NAME_LENGTH + " characters"
                : type == INVALID ? "type must be one of equity, etf, fx, crypto, future, index, other"
                : currency == INVALID ? "currency must be 1 to 12 of A-Z0-9, like USD"
                : priceDecimals == INVALID ? "priceDecimals must be an integer 0..10"
                : sizeDecimals == INVALID ? "sizeDecimals must be an integer 0..8"
                : tick == INVALID || tick != null && !((double) tick > 0 && Double.isFinite((double) tick))
                ? "tickSize must be a number > 0" : null;
        if (error != null) {
            return new Read<>(named, null, error);
        }
        try {
            return new Read<>(named, Instrument.define(symbol, (String) name,
                    type == null ? null : InstrumentType.of((String) type), (String) currency, (Double) tick,
                    (Integer) priceDecimals, (Integer) sizeDecimals), null);
        }
        catch (IllegalArgumentException e) {
            // Instrument's messages begin with the symbol, which the refusal names apart.
            String m = e.getMessage();
            return new Read<>(named, null, m.startsWith(symbol + ": ") ? m.substring(symbol.length() + 2) : m);
        }
    }
}
