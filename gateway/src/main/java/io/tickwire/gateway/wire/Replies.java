package io.tickwire.gateway.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** The server's answers to WebSocket requests (PROTOCOL.md §2), as JSON objects. */
public final class Replies {

    private final ObjectMapper mapper;

    public Replies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"type":"subscribed","id":…,"symbols":[…]}}, with the applied {@code "maxRate"} when throttled. */
    public ControlMessage subscribed(JsonNode id, List<String> symbols, double maxRate) {
        ObjectNode m = message("subscribed", id);
        if (maxRate > 0) {
            if (maxRate == Math.rint(maxRate) && maxRate < Long.MAX_VALUE) {
                m.put("maxRate", (long) maxRate);
            }
            else {
                m.put("maxRate", maxRate);
            }
        }
        return withSymbols(m, symbols);
    }

    /** {@code {"type":"unsubscribed","id":…,"symbols":[…]}} */
    public ControlMessage unsubscribed(JsonNode id, List<String> symbols) {
        return withSymbols(message("unsubscribed", id), symbols);
    }

    /** {@code {"type":"authenticated","id":…,"exp":<epoch seconds>}}; no {@code exp} for a token without one. */
    public ControlMessage authenticated(JsonNode id, Instant exp) {
        ObjectNode m = message("authenticated", id);
        if (exp != null) {
            m.put("exp", exp.getEpochSecond());
        }
        return encode(m);
    }

    /** {@code {"type":"pong","id":…,"ts":<epoch µs>}} */
    public ControlMessage pong(JsonNode id, long tsMicros) {
        ObjectNode m = message("pong", id);
        m.put("ts", tsMicros);
        return encode(m);
    }

    /** {@code {"type":"error","id":…,"code":…,"message":…,"symbols":[…]}}; symbols only if any. */
    public ControlMessage error(JsonNode id, ProtocolError error) {
        ObjectNode m = message("error", id);
        m.put("code", error.code().name());
        m.put("message", error.message());
        return error.symbols().isEmpty() ? encode(m) : withSymbols(m, error.symbols());
    }

    private ObjectNode message(String type, JsonNode id) {
        ObjectNode m = mapper.createObjectNode();
        m.put("type", type);
        if (id != null) {
            m.set("id", id);
        }
        return m;
    }

    private ControlMessage withSymbols(ObjectNode m, List<String> symbols) {
        ArrayNode a = m.putArray("symbols");
        symbols.forEach(a::add);
        return encode(m);
    }

    private ControlMessage encode(ObjectNode m) {
        try {
            return new ControlMessage(mapper.writeValueAsBytes(m));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + m, e);
        }
    }
}
