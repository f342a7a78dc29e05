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

    /** How many symbols a message names; the {@code symbols} field lists them all. */
    private static final int NAMED_IN_MESSAGE = 10;
    /** How much of a client's value a message quotes back. */
    private static final int QUOTED = 32;

    public static ProtocolError badRequest(String message) {
        return new ProtocolError(ErrorCode.BAD_REQUEST, message, List.of());
    }

    /**
     * A refusal naming {@code symbols}: the message says {@code what} and the first few of them
     * (each cut short if a client sent something long), the {@code symbols} field carries them all.
     */
    public static ProtocolError naming(ErrorCode code, String what, List<String> symbols) {
        StringBuilder message = new StringBuilder(what).append(": ");
        for (int i = 0; i < Math.min(symbols.size(), NAMED_IN_MESSAGE); i++) {
            message.append(i == 0 ? "" : ", ").append(quote(symbols.get(i)));
        }
        if (symbols.size() > NAMED_IN_MESSAGE) {
            message.append(" and ").append(symbols.size() - NAMED_IN_MESSAGE).append(" more");
        }
        return new ProtocolError(code, message.toString(), symbols);
    }

    /** A client's value for a message, cut to a few dozen characters: an answer never grows with the question. */
    public static String quote(String value) {
        return value.length() <= QUOTED ? value : value.substring(0, QUOTED) + "…(" + value.length() + " chars)";
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
