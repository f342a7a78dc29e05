package io.tickwire.gateway.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal of the contract (PROTOCOL.md §2-§4): its code, a message for people, and the symbols
 * at fault when there are any. A WebSocket client gets it as an {@code error} reply
 * ({@link Replies#error}); an HTTP client as the JSON body of a 4xx ({@link #body()}).
 */
public record ProtocolError(ErrorCode code, String message, List<String> symbols) {

    public ProtocolError {
        symbols = List.copyOf(symbols);
    }

    public static ProtocolError badRequest(String message) {
        return new ProtocolError(ErrorCode.BAD_REQUEST, message, List.of());
    }

    /** {@code {"code":…,"message":…}}, plus {@code "symbols"} when some are named: the body of an HTTP refusal. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.name());
        body.put("message", message);
        if (!symbols.isEmpty()) {
            body.put("symbols", symbols);
        }
        return body;
    }
}
