package io.tickwire.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Long-polls {@code /api/quotes/poll} over a real Reactor Netty {@link HttpClient} and parses each
 * answer, timing it from the moment the request is made.
 */
final class PollClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One answer to a poll.
     *
     * @param receivedAt {@link System#nanoTime()} when the whole body had arrived
     */
    record Answer(int status, String contentType, JsonNode body, Duration took, long receivedAt) {

        /** The cursor, {@code -1} if the body has none. */
        long seq() {
            return body.path("seq").asLong(-1);
        }

        List<JsonNode> quotes() {
            List<JsonNode> out = new ArrayList<>();
            body.path("quotes").forEach(out::add);
            return out;
        }

        /** symbol -> seq of each quote, in answer order. */
        Map<String, Long> seqBySymbol() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (JsonNode q : quotes()) {
                Long previous = out.put(q.path("symbol").asText(), q.path("seq").asLong());
                if (previous != null) {
                    throw new AssertionError("two quotes of " + q.path("symbol").asText() + " in one answer: " + body);
                }
            }
            return out;
        }
    }

    private final HttpClient http;

    PollClient(int port) {
        this(HttpClient.create(), port);
    }

    PollClient(HttpClient http, int port) {
        this.http = http.baseUrl("http://127.0.0.1:" + port);
    }

    /** {@code GET /api/quotes/poll{query}}; the answer, whatever its status. */
    Mono<Answer> poll(String query) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return http.get()
                    .uri("/api/quotes/poll" + query)
                    .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                            .defaultIfEmpty("")
                            .map(text -> {
                                long now = System.nanoTime();
                                return new Answer(response.status().code(),
                                        response.responseHeaders().get("Content-Type"), parse(text),
                                        Duration.ofNanos(now - start), now);
                            }));
        });
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text.isEmpty() ? "null" : text);
        }
        catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
