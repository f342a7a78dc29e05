package io.tickwire.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * {@link StreamClient} over {@code /sse}: a Reactor Netty HTTP client parsing the event stream.
 * Events become messages of their {@code event:} type with their {@code id:}; a
 * {@code : heartbeat <ts>} comment becomes a {@code heartbeat}; the opening {@code retry:} block,
 * written once the subscription is in place, becomes {@code open}; a non-200 answer's body becomes
 * {@code refused}.
 */
public final class SseClient extends StreamClient {

    /** Decimals read as written, so a test sees the digits the gateway sent (1.08345, 95000.00). */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final String HEARTBEAT = ": heartbeat ";

    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<HttpHeaders> headers = new CompletableFuture<>();
    /** Event loop only. */
    private final SseBlocks blocks = new SseBlocks();
    private final Disposable connection;

    private SseClient(int port, String pathAndQuery, Map<String, String> requestHeaders, LongSupplier feedSeq) {
        super(feedSeq);
        connection = HttpClient.create()
                .headers(h -> requestHeaders.forEach(h::set))
                .get()
                .uri("http://127.0.0.1:" + port + pathAndQuery)
                .responseConnection((response, conn) -> {
                    connected(conn.channel());
                    status.complete(response.status().code());
                    headers.complete(response.responseHeaders());
                    if (response.status().code() != 200) {
                        return conn.inbound().receive().aggregate().asString()
                                .doOnNext(body -> received(List.of(arrival().message("refused", json(body), null))));
                    }
                    return conn.inbound().receive().asString().doOnNext(this::onChunk);
                })
                .subscribe(null, this::failed, this::ended);
    }

    /** Opens {@code pathAndQuery} (e.g. {@code /sse?symbols=AAPL}); does not wait for the answer. */
    public static SseClient open(int port, String pathAndQuery) {
        return open(port, pathAndQuery, Map.of());
    }

    /** With request headers, e.g. {@code Last-Event-ID}. */
    public static SseClient open(int port, String pathAndQuery, Map<String, String> requestHeaders) {
        return open(port, pathAndQuery, requestHeaders, Message.NO_FEED);
    }

    /** As {@link #open(int, String, Map)}, stamping each message with {@code feedSeq} on arrival. */
    public static SseClient open(int port, String pathAndQuery, Map<String, String> requestHeaders,
                                 LongSupplier feedSeq) {
        return new SseClient(port, pathAndQuery, requestHeaders, feedSeq);
    }

    private void onChunk(String chunk) {
        Message.Arrival arrival = arrival();
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

    /** The answer's HTTP status, once it has come. */
    public int status() {
        return status.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The answer's headers, once it has come. */
    public HttpHeaders headers() {
        return headers.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public Message awaitAck() {
        assertThat(status()).as("HTTP status of the stream").isEqualTo(200);
        Message m = nextIgnoringHeartbeats();
        if (!"open".equals(m.type())) {
            fail("expected the stream to open with retry:, got " + m);
        }
        return m;
    }

    @Override
    public Refusal awaitRefusal() {
        return awaitRefusal(400);
    }

    /** The stream was refused with {@code status} and the contract's JSON body. */
    public Refusal awaitRefusal(int status) {
        assertThat(status()).as("HTTP status of a refused stream").isEqualTo(status);
        assertThat(headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("application/json");
        Message m = next();
        assertThat(m.type()).isEqualTo("refused");
        return new Refusal(m.text("code"), m.text("message"));
    }

    @Override
    public Integer closeStatus() {
        return null;
    }

    @Override
    Integer closeStatusNow() {
        return null;
    }

    @Override
    public void close() {
        connection.dispose();
        Channel ch = channelNow();
        if (ch != null) {
            ch.close();
        }
    }
}
