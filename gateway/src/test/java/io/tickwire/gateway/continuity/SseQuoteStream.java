package io.tickwire.gateway.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import io.tickwire.gateway.support.SseBlocks;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * {@link QuoteStream} over {@code /sse}: a Reactor Netty HTTP client parsing the event stream.
 * Events become messages of their {@code event:} type with their {@code id:}; a
 * {@code : heartbeat <ts>} comment becomes a {@code heartbeat}; the opening {@code retry:} block,
 * written once the subscription is in place, becomes {@code open}; a non-200 answer's body becomes
 * {@code refused}.
 */
final class SseQuoteStream extends QuoteStream {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HEARTBEAT = ": heartbeat ";

    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<String> contentType = new CompletableFuture<>();
    /** Event loop only. */
    private final SseBlocks blocks = new SseBlocks();
    private final Disposable connection;

    SseQuoteStream(int port, String pathAndQuery, Map<String, String> headers, LongSupplier feedSeq) {
        super(feedSeq);
        connection = HttpClient.create()
                .headers(h -> headers.forEach(h::set))
                .get()
                .uri("http://127.0.0.1:" + port + pathAndQuery)
                .responseConnection((response, conn) -> {
                    connected(conn.channel());
                    status.complete(response.status().code());
                    contentType.complete(response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE));
                    if (response.status().code() != 200) {
                        return conn.inbound().receive().aggregate().asString()
                                .doOnNext(body -> received(List.of(arrival().message("refused", json(body), null))));
                    }
                    return conn.inbound().receive().asString().doOnNext(this::onChunk);
                })
                .subscribe(null, e -> ended(), this::ended);
    }

    private void onChunk(String chunk) {
        Arrival arrival = arrival();
        List<Message> batch = new ArrayList<>();
        for (SseBlocks.Block block : blocks.feed(chunk)) {
            for (String comment : block.comments()) {
                if (comment.startsWith(HEARTBEAT)) {
                    batch.add(arrival.message("heartbeat",
                            MAPPER.createObjectNode().put("ts", Long.parseLong(comment.substring(HEARTBEAT.length()))), null));
                }
            }
            if (block.retry() != null) {
                batch.add(arrival.message("open", MAPPER.createObjectNode().put("retry", Long.parseLong(block.retry())), null));
            }
            if (block.data() != null) {
                batch.add(arrival.message(block.event() == null ? "message" : block.event(), json(block.data()), block.id()));
            }
        }
        received(batch);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        }
        catch (IOException e) {
            throw new UncheckedIOException("server sent invalid JSON: " + text, e);
        }
    }

    int status() {
        return status.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    Message awaitAck() {
        assertThat(status()).as("HTTP status of the stream").isEqualTo(200);
        Message m = nextIgnoringHeartbeats();
        if (!"open".equals(m.type())) {
            fail("expected the stream to open with retry:, got " + m);
        }
        return m;
    }

    @Override
    Refusal awaitRefusal() {
        assertThat(status()).as("HTTP status of a refused stream").isEqualTo(400);
        assertThat(contentType.join()).startsWith("application/json");
        Message m = next();
        assertThat(m.type()).isEqualTo("refused");
        return new Refusal(m.body().path("code").asText(), m.body().path("message").asText());
    }

    @Override
    Integer closeStatus() {
        return null;
    }

    @Override
    Integer closeStatusNow() {
        return null;
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
