package io.tickwire.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads what the gateway writes (PROTOCOL.md §1–4): a WebSocket frame holds one JSON object or an
 * array of them; an SSE event's data holds one quote; a long-poll answers an envelope of quotes;
 * {@code /api/symbols} answers the instrument list. Writes the client's ops. A frame that breaks
 * the contract is an {@link IllegalArgumentException} naming it: the link it came on is not
 * trusted further and is reopened.
 *
 * <p>Prices, sizes and the volume are read as the numbers they are, whatever the instrument's
 * precision ({@code 1.08345}, a crypto size of {@code 0.0153}): a {@code double} holds each of them
 * as the closest value to the decimal written, which formatting at the instrument's decimals gives back.
 */
final class Frames {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How much of a bad frame an exception quotes. */
    private static final int QUOTED = 200;

    private Frames() {
    }

    /** The messages of one frame, in order. */
    static List<Inbound> parse(String frame) {
        JsonNode root = read(frame);
        List<Inbound> out = new ArrayList<>(root.isArray() ? root.size() : 1);
        if (root.isArray()) {
            for (JsonNode m : root) {
                out.add(message(m, frame));
            }
        }
        else {
            out.add(message(root, frame));
        }
        return out;
    }

    /** The quote in an SSE event's {@code data}. */
    static Quote quote(String data) {
        return quote(read(data), data);
    }

    /**
     * The answer of a long-poll ({@code {"seq":…,"quotes":[…]}}, PROTOCOL.md §4), its quotes in
     * {@code seq} order.
     *
     * @throws IllegalArgumentException naming what breaks the contract
     */
    static Polled polled(String body) {
        JsonNode root = read(body);
        JsonNode quotes = root.get("quotes");
        if (!root.isObject() || quotes == null || !quotes.isArray()) {
            throw new IllegalArgumentException("the gateway sent a poll answer without a quotes list: " + excerpt(body));
        }
        long seq;
        try {
            seq = integer(root, "seq");
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the gateway sent a poll answer without a seq: " + excerpt(body), e);
        }
        List<Quote> out = new ArrayList<>(quotes.size());
        for (JsonNode q : quotes) {
            if (!q.isObject()) {
                throw new IllegalArgumentException("the gateway sent a quote that is not an object: " + excerpt(body));
            }
            out.add(quote(q, body));
        }
        out.sort(Comparator.comparingLong(Quote::seq));
        return new Polled(seq, List.copyOf(out));
    }

    /** A long-poll's answer: the cursor for the next poll and the quotes, in {@code seq} order. */
    record Polled(long seq, List<Quote> quotes) {
    }

    /** The body of an HTTP refusal ({@code {"code":…,"message":…,"symbols":[…]}}), or an empty control. */
    static Inbound.Control refusal(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n != null && n.isObject()) {
                return control("refused", n);
            }
        }
        catch (JsonProcessingException e) {
            // Not the contract's JSON (e.g. a proxy's page): the status alone tells.
        }
        return new Inbound.Control("refused", null, null, null, List.of(), 0);
    }

    /**
     * The body of {@code GET /api/symbols} (PROTOCOL.md §1a, §4), each object made an instrument
     * with {@link Instrument#define}: a field a gateway leaves out (a v1.1 gateway writes only
     * {@code symbol} and {@code name}) takes its default, an equity's; a {@code type} this client
     * does not know (a later gateway's) is {@link InstrumentType#OTHER}.
     *
     * @throws IllegalArgumentException naming the object that is not an instrument
     */
    static List<Instrument> instruments(String body) {
        JsonNode root = read(body);
        if (!root.isArray()) {
            throw new IllegalArgumentException("the gateway's instrument list is not an array: " + excerpt(body));
        }
        List<Instrument> out = new ArrayList<>(root.size());
        for (JsonNode i : root) {
            try {
                if (!i.isObject()) {
                    throw new IllegalArgumentException("not an object");
                }
                String type = optionalText(i, "type");
                JsonNode tick = i.get("tickSize");
                if (tick != null && !tick.isNumber()) {
                    throw new IllegalArgumentException("tickSize not a number");
                }
                out.add(Instrument.define(text(i, "symbol"), optionalText(i, "name"),
                        type == null ? null : Objects.requireNonNullElse(InstrumentType.of(type), InstrumentType.OTHER),
                        optionalText(i, "currency"), tick == null ? null : tick.asDouble(),
                        optionalInt(i, "priceDecimals"), optionalInt(i, "sizeDecimals")));
            }
            catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("the gateway sent a bad instrument (" + e.getMessage() + "): "
                        + excerpt(i.toString()), e);
            }
        }
        return List.copyOf(out);
    }

    static String subscribe(String id, List<String> symbols, long since, Integer maxRate) {
        ObjectNode op = MAPPER.createObjectNode().put("op", "subscribe").put("id", id);
        ArrayNode list = op.putArray("symbols");
        symbols.forEach(list::add);
        if (since >= 0) {
            op.put("since", since);
        }
        if (maxRate != null) {
            op.put("maxRate", maxRate);
        }
        return op.toString();
    }

    static String auth(String id, String token) {
        return MAPPER.createObjectNode().put("op", "auth").put("id", id).put("token", token).toString();
    }

    private static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the gateway sent invalid JSON: " + excerpt(text), e);
        }
    }

    private static Inbound message(JsonNode m, String frame) {
        if (!m.isObject()) {
            throw new IllegalArgumentException("the gateway sent a message that is not an object: " + excerpt(frame));
        }
        String type = m.path("type").asText(null);
        if (type == null) {
            throw new IllegalArgumentException("the gateway sent a message without a type: " + excerpt(frame));
        }
        return "quote".equals(type) ? new Inbound.QuoteMessage(quote(m, frame)) : control(type, m);
    }

    private static Inbound.Control control(String type, JsonNode m) {
        List<String> symbols = new ArrayList<>();
        m.path("symbols").forEach(s -> symbols.add(s.asText()));
        return new Inbound.Control(type, m.path("id").asText(null), m.path("code").asText(null),
                m.path("message").asText(null), List.copyOf(symbols), m.path("exp").asLong(0));
    }

    private static Quote quote(JsonNode m, String frame) {
        try {
            return new Quote(text(m, "symbol"), integer(m, "seq"), integer(m, "ts"),
                    number(m, "bid"), number(m, "ask"), number(m, "last"),
                    number(m, "bidSize"), number(m, "askSize"), number(m, "lastSize"),
                    number(m, "volume"), number(m, "open"));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the gateway sent a bad quote (" + e.getMessage() + "): "
                    + excerpt(frame), e);
        }
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " missing or not a string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v != null && !v.isTextual()) {
            throw new IllegalArgumentException(field + " not a string");
        }
        return v == null ? null : v.asText();
    }

    private static Integer optionalInt(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v != null && !v.canConvertToExactIntegral()) {
            throw new IllegalArgumentException(field + " not an integer");
        }
        return v == null ? null : v.asInt();
    }

    private static long integer(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || !v.canConvertToExactIntegral()) {
            throw new IllegalArgumentException(field + " missing or not an integer");
        }
        return v.asLong();
    }

    private static double number(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(field + " missing or not a number");
        }
        return v.asDouble();
    }

    private static String excerpt(String text) {
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "… (" + text.length() + " chars)";
    }
}
