package io.tickwire.gateway.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a streaming client asks for, written the way each transport carries it: on WebSocket one
 * {@code subscribe} op (PROTOCOL.md §2), on SSE the query string and the {@code Last-Event-ID}
 * header (§3). Values are kept as the client would type them, so a test can send wrong ones: on
 * WebSocket a value that is not a JSON number goes as a JSON string.
 *
 * @param symbols     tickers to subscribe to
 * @param since       resume cursor: WebSocket {@code since}, SSE {@code lastEventId}; {@code null} for none
 * @param lastEventId SSE {@code Last-Event-ID} header; {@code null} for none
 * @param maxRate     {@code maxRate}; {@code null} for none
 */
public record StreamRequest(List<String> symbols, String since, String lastEventId, String maxRate) {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    public static StreamRequest symbols(String... symbols) {
        return new StreamRequest(List.of(symbols), null, null, null);
    }

    public StreamRequest since(Object cursor) {
        return new StreamRequest(symbols, String.valueOf(cursor), lastEventId, maxRate);
    }

    public StreamRequest lastEventIdHeader(Object cursor) {
        return new StreamRequest(symbols, since, String.valueOf(cursor), maxRate);
    }

    public StreamRequest maxRate(Object rate) {
        return new StreamRequest(symbols, since, lastEventId, String.valueOf(rate));
    }

    /** {@code {"op":"subscribe","id":…,"symbols":[…],"since":…,"maxRate":…}} */
    public String wsSubscribe(String id) {
        if (lastEventId != null) {
            throw new IllegalStateException("Last-Event-ID is an SSE header; on WebSocket resume with since");
        }
        StringBuilder op = new StringBuilder("{\"op\":\"subscribe\",\"id\":\"").append(id).append("\",\"symbols\":[");
        for (int i = 0; i < symbols.size(); i++) {
            op.append(i == 0 ? "" : ",").append('"').append(symbols.get(i)).append('"');
        }
        op.append(']');
        field(op, "since", since);
        field(op, "maxRate", maxRate);
        return op.append('}').toString();
    }

    private static void field(StringBuilder op, String name, String value) {
        if (value != null) {
            op.append(",\"").append(name).append("\":")
                    .append(JSON_NUMBER.matcher(value).matches() ? value : "\"" + value + "\"");
        }
    }

    /** {@code /sse?symbols=…&lastEventId=…&maxRate=…} */
    public String ssePath() {
        StringBuilder path = new StringBuilder("/sse?symbols=").append(encode(String.join(",", symbols)));
        if (since != null) {
            path.append("&lastEventId=").append(encode(since));
        }
        if (maxRate != null) {
            path.append("&maxRate=").append(encode(maxRate));
        }
        return path.toString();
    }

    public Map<String, String> sseHeaders() {
        return lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
