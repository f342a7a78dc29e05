package io.tickwire.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A real WebSocket client (Reactor Netty) for tests: sends text or raw frames, and hands back
 * every message the server sent, array frames flattened, in order.
 */
public final class WsTestClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<String> frames = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<WebSocketCloseStatus> closeStatus = new CompletableFuture<>();
    private final CompletableFuture<Channel> channel = new CompletableFuture<>();
    private final Disposable connection;

    private WsTestClient(int port, String pathAndQuery) {
        connection = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(16 * 1024 * 1024).build())
                .uri("ws://127.0.0.1:" + port + pathAndQuery)
                .handle((in, out) -> {
                    in.withConnection(c -> channel.complete(c.channel()));
                    in.receiveCloseStatus().subscribe(closeStatus::complete);
                    Mono<Void> receive = in.aggregateFrames(16 * 1024 * 1024).receiveFrames()
                            .doOnNext(this::onFrame)
                            .then();
                    Mono<Void> send = out.sendObject(outbound.asFlux()).then();
                    return Mono.when(receive, send);
                })
                .subscribe(null, e -> closeStatus.completeExceptionally(e), () -> closeStatus.complete(null));
    }

    /** Connects to {@code /ws}{@code query} and waits for the handshake. */
    public static WsTestClient connect(int port, String query) {
        WsTestClient c = new WsTestClient(port, "/ws" + query);
        try {
            c.channel.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception e) {
            c.close();
            throw new IllegalStateException("could not connect", e);
        }
        return c;
    }

    public static WsTestClient connect(int port) {
        return connect(port, "");
    }

    private void onFrame(WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        String s = text.text();
        frames.add(s);
        try {
            JsonNode n = MAPPER.readTree(s);
            if (n.isArray()) {
                n.forEach(messages::add);
            }
            else {
                messages.add(n);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("server sent invalid JSON: " + s, e);
        }
    }

    public void send(String text) {
        sendFrame(new TextWebSocketFrame(text));
    }

    public void sendFrame(WebSocketFrame frame) {
        Sinks.EmitResult r = outbound.tryEmitNext(frame);
        assertThat(r.isSuccess()).as("queued frame").isTrue();
    }

    public void sendBinary(byte[] bytes) {
        sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /** One text message split over a first frame and a continuation frame. */
    public void sendFragmented(String first, String rest) {
        sendFrame(new TextWebSocketFrame(false, 0, first));
        sendFrame(new ContinuationWebSocketFrame(true, 0, rest));
    }

    /** The next message; fails if none arrives in time. */
    public JsonNode next() {
        try {
            JsonNode n = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (n == null) {
                fail("no message within " + TIMEOUT);
            }
            return n;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next message that is not a quote; quotes before it are returned to {@code skipped}. */
    public JsonNode nextReply(List<JsonNode> skipped) {
        for (;;) {
            JsonNode n = next();
            if (!"quote".equals(n.path("type").asText())) {
                return n;
            }
            skipped.add(n);
        }
    }

    /** Messages until one matches {@code last}, that one included. */
    public List<JsonNode> until(Predicate<JsonNode> last) {
        List<JsonNode> out = new ArrayList<>();
        for (;;) {
            JsonNode n = next();
            out.add(n);
            if (last.test(n)) {
                return out;
            }
        }
    }

    /**
     * Sends a ping with {@code id} and returns what came before the pong. Not a barrier for
     * quotes: a reply overtakes quotes still pending on the server.
     */
    public List<JsonNode> roundTrip(String id) {
        send("{\"op\":\"ping\",\"id\":\"" + id + "\"}");
        List<JsonNode> before = until(n -> "pong".equals(n.path("type").asText()) && id.equals(n.path("id").asText()));
        return before.subList(0, before.size() - 1);
    }

    /** Raw text of every frame received so far. */
    public List<String> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    public WebSocketCloseStatus awaitClose() {
        try {
            return closeStatus.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception e) {
            throw new IllegalStateException("connection not closed within " + TIMEOUT, e);
        }
    }

    /**
     * Stops reading from the socket, as a stalled or frozen client would: the server's bytes pile
     * up in the kernel buffers, then in the server's, and no pong answers its pings.
     */
    public void pauseReading() {
        Channel ch = channel.join();
        ch.eventLoop().submit(() -> ch.config().setAutoRead(false)).syncUninterruptibly();
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        Channel ch = channel.join();
        ch.eventLoop().execute(() -> {
            ch.config().setAutoRead(true);
            ch.read();
        });
    }

    /** Messages received so far and not yet taken, without waiting. */
    public List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** Whether the server has closed the connection (or it failed) by now. */
    public boolean isClosed() {
        return closeStatus.isDone();
    }

    /** Drops the TCP connection with a reset: no close frame, no FIN. */
    public void abort() {
        Channel ch = channel.join();
        ch.config().setOption(ChannelOption.SO_LINGER, 0);
        ch.close();
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        channel.thenAccept(Channel::close);
        connection.dispose();
    }

    public static String text(JsonNode n, String field) {
        return n.path(field).asText();
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
