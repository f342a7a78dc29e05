package io.tickwire.gateway.support;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/** A real SSE reader (Reactor Netty HTTP client) that parses the stream into events. */
public final class SseTestClient implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One event: its {@code id}, {@code event} and {@code data} fields ({@code data} parsed). */
    public record Event(String id, String event, JsonNode data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CompletableFuture<Channel> channel = new CompletableFuture<>();
    private final CompletableFuture<HttpHeaders> headers = new CompletableFuture<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final SseBlocks blocks = new SseBlocks();
    private final Disposable connection;

    public SseTestClient(int port, String pathAndQuery) {
        this(port, pathAndQuery, Map.of());
    }

    /** With request headers, e.g. {@code Last-Event-ID}. */
    public SseTestClient(int port, String pathAndQuery, Map<String, String> requestHeaders) {
        connection = HttpClient.create()
                .headers(h -> requestHeaders.forEach(h::set))
                .get()
                .uri("http://127.0.0.1:" + port + pathAndQuery)
                .responseConnection((response, conn) -> {
                    channel.complete(conn.channel());
                    status.complete(response.status().code());
                    headers.complete(response.responseHeaders());
                    return conn.inbound().receive().asString().doOnNext(this::onChunk);
                })
                .subscribe(null, ended::completeExceptionally, () -> ended.complete(null));
    }

    private void onChunk(String chunk) {
        for (SseBlocks.Block block : blocks.feed(chunk)) {
            comments.addAll(block.comments());
            if (block.data() != null) {
                try {
                    events.add(new Event(block.id(), block.event(), MAPPER.readTree(block.data())));
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    public HttpHeaders headers() {
        return headers.orTimeout(10, TimeUnit.SECONDS).join();
    }

    public int status() {
        return status.orTimeout(10, TimeUnit.SECONDS).join();
    }

    public Event next() {
        try {
            Event e = events.poll(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                fail("no SSE event within " + WsTestClient.TIMEOUT);
            }
            return e;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next comment line ({@code ": heartbeat …"}); fails if none arrives in time. */
    public String nextComment() {
        try {
            String c = comments.poll(WsTestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (c == null) {
                fail("no SSE comment within " + WsTestClient.TIMEOUT);
            }
            return c;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Events received so far and not yet taken, without waiting. */
    public List<Event> drain() {
        List<Event> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    /** Stops reading from the socket, as a stalled client would. */
    public void pauseReading() {
        Channel ch = channel.orTimeout(10, TimeUnit.SECONDS).join();
        ch.eventLoop().submit(() -> ch.config().setAutoRead(false)).syncUninterruptibly();
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        Channel ch = channel.orTimeout(10, TimeUnit.SECONDS).join();
        ch.eventLoop().execute(() -> {
            ch.config().setAutoRead(true);
            ch.read();
        });
    }

    /** Waits until the server ends the stream; false if it is still open after {@code timeout}. */
    public boolean awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }
        catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
        catch (Exception e) {
            return true;
        }
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
