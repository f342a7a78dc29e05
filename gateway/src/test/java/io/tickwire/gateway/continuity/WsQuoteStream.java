package io.tickwire.gateway.continuity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * {@link QuoteStream} over {@code /ws}: a Reactor Netty WebSocket client. Array frames are
 * flattened; protocol pings are answered by Reactor Netty itself, as by any live client.
 */
final class WsQuoteStream extends QuoteStream {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final Disposable connection;

    private WsQuoteStream(int port, LongSupplier feedSeq) {
        super(feedSeq);
        connection = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
                .uri("ws://127.0.0.1:" + port + "/ws")
                .handle((in, out) -> {
                    in.withConnection(c -> {
                        c.onDispose(this::ended);
                        connected(c.channel());
                    });
                    Mono<Void> status = in.receiveCloseStatus().doOnNext(s -> closeStatus.complete(s.code())).then();
                    Mono<Void> receive = in.aggregateFrames(MAX_FRAME).receiveFrames().doOnNext(this::onFrame).then();
                    Mono<Void> send = out.sendString(outbound.asFlux()).then();
                    return Mono.when(status, receive, send);
                })
                .subscribe(null, e -> ended(), this::ended);
    }

    /** Connects to {@code /ws} and waits for the handshake. */
    static WsQuoteStream connect(int port, LongSupplier feedSeq) {
        WsQuoteStream ws = new WsQuoteStream(port, feedSeq);
        ws.channel();
        return ws;
    }

    WsQuoteStream send(String text) {
        assertThat(outbound.tryEmitNext(text).isSuccess()).as("queued %s", text).isTrue();
        return this;
    }

    /** Sends a {@code ping} op and returns what came before its pong (quotes may still follow it). */
    List<Message> roundTrip(String id) {
        send("{\"op\":\"ping\",\"id\":\"" + id + "\"}");
        List<Message> before = new ArrayList<>();
        for (;;) {
            Message m = next();
            if ("pong".equals(m.type()) && id.equals(m.body().path("id").asText())) {
                return before;
            }
            before.add(m);
        }
    }

    private void onFrame(WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        Arrival arrival = arrival();
        JsonNode n;
        try {
            n = MAPPER.readTree(text.text());
        }
        catch (IOException e) {
            throw new UncheckedIOException("server sent invalid JSON: " + text.text(), e);
        }
        List<Message> batch = new ArrayList<>();
        for (JsonNode m : n.isArray() ? n : List.of(n)) {
            batch.add(arrival.message(m.path("type").asText(), m, null));
        }
        received(batch);
    }

    @Override
    Message awaitAck() {
        Message m = nextIgnoringHeartbeats();
        if (!"subscribed".equals(m.type())) {
            fail("expected the subscribe to be acknowledged, got " + m);
        }
        return m;
    }

    @Override
    Refusal awaitRefusal() {
        Message m = nextIgnoringHeartbeats();
        if (!"error".equals(m.type())) {
            fail("expected an error reply, got " + m);
        }
        assertThat(m.body().path("id").asText()).as("the error echoes the request's id").isEqualTo("sub");
        return new Refusal(m.body().path("code").asText(), m.body().path("message").asText());
    }

    @Override
    Integer closeStatus() {
        if (!awaitEnd(TIMEOUT)) {
            fail("connection still open after " + TIMEOUT);
        }
        return closeStatus.getNow(null);
    }

    @Override
    Integer closeStatusNow() {
        return closeStatus.getNow(null);
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        channel().close();
        connection.dispose();
    }
}
