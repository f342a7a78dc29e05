package io.tickwire.gateway.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tickwire.gateway.hub.SubscribeOptions;
import io.tickwire.gateway.wire.ProtocolError;
import io.tickwire.gateway.transport.SymbolSelection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.web.reactive.socket.WebSocketMessage;

/**
 * Reads a client frame into a {@link ClientRequest}. Every way a frame can be wrong becomes an
 * {@link ClientRequest.Invalid} with the code of the contract; nothing here throws. Unknown fields
 * are ignored, so clients written for later versions of the protocol keep working.
 */
final class RequestParser {

    private static final String OPS = "\"subscribe\", \"unsubscribe\", \"ping\" or \"auth\"";

    /** Longest string {@code id} echoed back; numbers must be finite. */
    static final int MAX_ID_LENGTH = 64;

    /** One JSON value per frame: {@code {"op":"ping"}{"op":"ping"}} is not a request. */
    private final ObjectReader reader;

    RequestParser(ObjectMapper mapper) {
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Must run while the frame's buffer is still live, i.e. synchronously on receipt. Only data
     * frames get here: Reactor Netty answers pings, and {@link PeerLiveness} consumes pongs.
     */
    ClientRequest parse(WebSocketMessage message) {
        return message.getType() == WebSocketMessage.Type.TEXT
                ? parse(message.getPayloadAsText())
                : invalid(null, "binary frames are not supported; send JSON text frames");
    }

    ClientRequest parse(String text) {
        JsonNode root;
        try {
            root = reader.readTree(text);
        }
        catch (JsonProcessingException e) {
            return invalid(null, "not JSON: " + ProtocolError.quote(firstLine(e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            return invalid(null, "expected a JSON object, got " + (root == null ? "nothing" : kind(root)));
        }
        JsonNode id = root.get("id");
        if (id != null && !validId(id)) {
            return invalid(null, "'id' must be a string of at most " + MAX_ID_LENGTH + " characters or a finite number");
        }
        JsonNode op = root.get("op");
        if (op == null || !op.isTextual()) {
            return invalid(id, "missing 'op': expected " + OPS);
        }
        return switch (op.asText()) {
            case "subscribe" -> symbols(root, id, true);
            case "unsubscribe" -> symbols(root, id, false);
            case "ping" -> new ClientRequest.Ping(id);
            case "auth" -> auth(root, id);
            default -> invalid(id, "unknown op '" + ProtocolError.quote(op.asText()) + "': expected " + OPS);
        };
    }

    private ClientRequest symbols(JsonNode root, JsonNode id, boolean subscribe) {
        JsonNode node = root.get("symbols");
        if (node == null || !node.isArray()) {
            return invalid(id, "'symbols' must be an array of tickers, e.g. [\"AAPL\"]");
        }
        if (node.isEmpty()) {
            return invalid(id, "'symbols' must not be empty");
        }
        Set<String> symbols = new LinkedHashSet<>();
        for (JsonNode s : node) {
            if (!s.isTextual()) {
                return invalid(id, "'symbols' must hold strings only, found " + kind(s));
            }
            symbols.add(SymbolSelection.normalize(s.asText()));
        }
        List<String> list = new ArrayList<>(symbols);
        if (!subscribe) {
            return new ClientRequest.Unsubscribe(id, list);
        }
        JsonNode since = root.get("since");
        if (since != null && !since.isNull() && !(since.canConvertToExactIntegral() && since.canConvertToLong()
                && since.asLong() >= 0)) {
            return invalid(id, "'since' must be a seq: an integer >= 0");
        }
        JsonNode maxRate = root.get("maxRate");
        if (maxRate != null && !maxRate.isNull() && !(maxRate.isNumber() && maxRate.asDouble() > 0
                && Double.isFinite(maxRate.asDouble()))) {
            return invalid(id, "'maxRate' must be a number of quotes per second > 0");
        }
        SubscribeOptions options = new SubscribeOptions(
                since == null || since.isNull() ? SubscribeOptions.NO_CURSOR : since.asLong(),
                maxRate == null || maxRate.isNull() ? 0 : maxRate.asDouble());
        return new ClientRequest.Subscribe(id, list, options);
    }

    private static ClientRequest auth(JsonNode root, JsonNode id) {
        JsonNode token = root.get("token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            return invalid(id, "'token' must be a JWT, as a string");
        }
        return new ClientRequest.Auth(id, token.asText());
    }

    private static boolean validId(JsonNode id) {
        if (id.isTextual()) {
            return id.asText().length() <= MAX_ID_LENGTH;
        }
        if (id.isIntegralNumber()) {
            return id.canConvertToLong();
        }
        return id.isNumber() && Double.isFinite(id.asDouble());
    }

    private static String firstLine(String s) {
        int eol = s == null ? -1 : s.indexOf('\n');
        return s == null ? "" : eol < 0 ? s : s.substring(0, eol);
    }

    private static ClientRequest invalid(JsonNode id, String message) {
        return new ClientRequest.Invalid(id, ProtocolError.badRequest(message));
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
