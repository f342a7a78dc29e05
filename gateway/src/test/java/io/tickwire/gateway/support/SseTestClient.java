package io.tickwire.gateway.support;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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
    private final CompletableFuture<HttpHeaders> headers = new CompletableFuture<>();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final StringBuilder pending = new StringBuilder();
    private final Disposable connection;

    public SseTestClient(int port, String pathAndQuery) {
        connection = HttpClient.create()
                .get()
                .uri("http://127.0.0.1:" + port + pathAndQuery)
                .response((response, body) -> {
                    status.complete(response.status().code());
                    headers.complete(response.responseHeaders());
                    return body.asString().doOnNext(this::onChunk);
                })
                .subscribe(null, ended::completeExceptionally, () -> ended.complete(null));
    }

    private void onChunk(String chunk) {
        pending.append(chunk);
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            String id = null;
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                }
                else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                }
                else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (data != null) {
                try {
                    events.add(new Event(id, event, MAPPER.readTree(data)));
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
