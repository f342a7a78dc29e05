package io.tickwire.gateway.observability;

import static io.tickwire.testing.Patience.PATIENCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * How a node answers the opening of a new stream, over a real connection: the WebSocket opening
 * handshake on {@code /ws}, or a GET ({@code /sse}, {@code /api/quotes/poll}, a snapshot). A stream
 * that is opened (101, or an event stream) is reported as opened and its connection closed at once;
 * any other answer is read whole.
 */
public final class StreamOpens {

    private static final Duration TIMEOUT = PATIENCE;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StreamOpens() {
    }

    /** An answer: its status, headers, and body as text and as JSON (null for an opened stream, no body, not JSON). */
    public record Answer(int status, HttpHeaders headers, String text, JsonNode body) {

        public String code() {
            return body == null ? null : body.path("code").asText(null);
        }

        public String retryAfter() {
            return headers.get("Retry-After");
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** {@code GET /ws{query}} with a well-formed RFC 6455 opening handshake. */
    public static Answer handshake(int port, String query) {
        return get(port, "/ws" + query, Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
    }

    public static Answer get(int port, String pathAndQuery) {
        return get(port, pathAndQuery, Map.of());
    }

    public static Answer get(int port, String pathAndQuery, Map<String, String> headers) {
        return HttpClient.newConnection()
                .headers(h -> headers.forEach(h::set))
                .get()
                .uri("http://127.0.0.1:" + port + pathAndQuery)
                .responseConnection((response, connection) -> {
                    int status = response.status().code();
                    String type = response.responseHeaders().get("Content-Type", "");
                    if (status == 101 || type.startsWith("text/event-stream")) {
                        connection.dispose();
                        return Mono.just(new Answer(status, response.responseHeaders(), null, null));
                    }
                    return connection.inbound().receive().aggregate().asString().defaultIfEmpty("")
                            .map(body -> new Answer(status, response.responseHeaders(), body, json(body)));
                })
                .next()
                .block(TIMEOUT);
    }

    private static JsonNode json(String body) {
        try {
            return body.isEmpty() ? null : MAPPER.readTree(body);
        }
        catch (IOException e) {
            return null;
        }
    }
}
