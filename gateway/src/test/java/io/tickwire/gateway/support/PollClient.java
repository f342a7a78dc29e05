package io.tickwire.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Long-polls {@code /api/quotes/poll} over a real Reactor Netty {@link HttpClient}: each answer
 * parsed, timed from the moment its request is made, and its quotes handed back as
 * {@link Message}s stamped with the answer's arrival. A poll can also be started and dropped
 * mid-wait ({@link #start}), as a client that gives up would.
 */
public final class PollClient {

    /** Decimals read as written, so a test sees the digits the gateway sent (1.08345, 95000.00). */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /**
     * One answer to a poll.
     *
     * @param took       from the request being made to the whole body having arrived
     * @param receivedAt {@link System#nanoTime()} when the whole body had arrived
     * @param quotes     the body's {@code quotes}, in answer order, stamped with its arrival
     */
    public record Answer(int status, String contentType, JsonNode body, Duration took, long receivedAt,
                         List<Message> quotes) {

        /** The cursor, {@code -1} if the body has none. */
        public long seq() {
            return body.path("seq").asLong(-1);
        }

        /** symbol -> seq of each quote, in answer order; fails on two quotes of one symbol. */
        public Map<String, Long> seqBySymbol() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Message q : quotes) {
                Long previous = out.put(q.symbol(), q.seq());
                if (previous != null) {
                    throw new AssertionError("two quotes of " + q.symbol() + " in one answer: " + body);
                }
            }
            return out;
        }
    }

    /** A poll on its way: its answer to come, and the connection it waits on, to drop. */
    public record Waiting(CompletableFuture<Answer> answer, CompletableFuture<Channel> channel) {

        /** Closes the poll's connection, as a client that gives up mid-wait does. */
        public void abort() {
            channel.orTimeout(StreamClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join().close()
                    .syncUninterruptibly();
        }
    }

    private final HttpClient http;
    private final LongSupplier feedSeq;

    public PollClient(int port) {
        this(HttpClient.create(), port);
    }

    /** Over {@code http}, e.g. with a connection pool sized for many polls at once. */
    public PollClient(HttpClient http, int port) {
        this(http, port, Message.NO_FEED);
    }

    /** As {@link #PollClient(HttpClient, int)}, stamping each quote with {@code feedSeq} on arrival. */
    public PollClient(HttpClient http, int port, LongSupplier feedSeq) {
        this.http = http.baseUrl("http://127.0.0.1:" + port);
        this.feedSeq = feedSeq;
    }

    /** {@code GET /api/quotes/poll{query}}; the answer, whatever its status. */
    public Mono<Answer> poll(String query) {
        return poll(http, query);
    }

    /** Starts a poll without waiting for its answer. */
    public Waiting start(String query) {
        CompletableFuture<Channel> channel = new CompletableFuture<>();
        CompletableFuture<Answer> answer = poll(http.doOnRequest((request, c) -> channel.complete(c.channel())), query)
                .toFuture();
        return new Waiting(answer, channel);
    }

    private Mono<Answer> poll(HttpClient client, String query) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return client.get()
                    .uri("/api/quotes/poll" + query)
                    .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                            .defaultIfEmpty("")
                            .map(text -> {
                                Message.Arrival arrival = Message.Arrival.now(feedSeq);
                                JsonNode json = parse(text);
                                List<Message> quotes = new ArrayList<>();
                                json.path("quotes").forEach(q -> quotes.add(arrival.message("quote", q, null)));
                                return new Answer(response.status().code(),
                                        response.responseHeaders().get("Content-Type"), json,
                                        Duration.ofNanos(arrival.nanos() - start), arrival.nanos(), List.copyOf(quotes));
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
