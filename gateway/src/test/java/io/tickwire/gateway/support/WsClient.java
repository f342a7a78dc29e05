package io.tickwire.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
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
 * {@link StreamClient} over {@code /ws}: a Reactor Netty WebSocket client that sends text or raw
 * frames and receives every message, array frames flattened, in order. Protocol pings are
 * answered by Reactor Netty itself, as by any live client.
 */
public final class WsClient extends StreamClient {

    /** Decimals read as written, so a test sees the digits the gateway sent (1.08345, 95000.00). */
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final CompletableFuture<String> closeReason = new CompletableFuture<>();
    private final Disposable connection;
    /** The id of the last subscribe sent through {@link #subscribe}, which a refusal must echo. */
    private volatile String subscribeId;

    private WsClient(int port, String pathAndQuery, LongSupplier feedSeq) {
        super(feedSeq);
        connection = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
                .uri("ws://127.0.0.1:" + port + pathAndQuery)
                .handle((in, out) -> {
                    in.withConnection(c -> {
                        c.onDispose(this::ended);
                        connected(c.channel());
                    });
                    Mono<Void> status = in.receiveCloseStatus().doOnNext(s -> {
                        closeReason.complete(s.reasonText());
                        closeStatus.complete(s.code());
                    }).then();
                    Mono<Void> receive = in.aggregateFrames(MAX_FRAME).receiveFrames().doOnNext(this::onFrame).then();
                    Mono<Void> send = out.sendObject(outbound.asFlux()).then();
                    return Mono.when(status, receive, send);
                })
                .subscribe(null, this::failed, this::ended);
    }

    /** Connects to {@code /ws} and waits for the handshake. */
    public static WsClient connect(int port) {
        return connect(port, "");
    }

    /** Connects to {@code /ws{query}} (e.g. {@code ?symbols=AAPL}) and waits for the handshake. */
    public static WsClient connect(int port, String query) {
        return connect(port, query, Message.NO_FEED);
    }

    /** As {@link #connect(int, String)}, stamping each message with {@code feedSeq} on arrival. */
    public static WsClient connect(int port, String query, LongSupplier feedSeq) {
        WsClient ws = new WsClient(port, "/ws" + query, feedSeq);
        try {
            ws.channel();
        }
        catch (RuntimeException e) {
            ws.close();
            throw new IllegalStateException("could not connect to /ws" + query, e);
        }
        return ws;
    }

    public WsClient send(String text) {
        return sendFrame(new TextWebSocketFrame(text));
    }

    /** Sends {@code request} as a {@code subscribe} op with {@code id}. */
    public WsClient subscribe(String id, StreamRequest request) {
        subscribeId = id;
        return send(request.wsSubscribe(id));
    }

    public WsClient sendBinary(byte[] bytes) {
        return sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    /** One text message split over a first frame and a continuation frame. */
    public WsClient sendFragmented(String first, String rest) {
        sendFrame(new TextWebSocketFrame(false, 0, first));
        return sendFrame(new ContinuationWebSocketFrame(true, 0, rest));
    }

    private WsClient sendFrame(WebSocketFrame frame) {
        assertThat(outbound.tryEmitNext(frame).isSuccess()).as("queued frame").isTrue();
        return this;
    }

    /** The next reply (neither a quote nor a heartbeat); what comes before it is skipped. */
    public Message nextReply() {
        Message m;
        do {
            m = next();
        } while (m.isQuote() || m.isHeartbeat());
        return m;
    }

    /**
     * Sends a {@code ping} op with {@code id} and returns what came before its pong. Not a barrier
     * for quotes: a reply overtakes quotes still pending on the server.
     */
    public List<Message> roundTrip(String id) {
        send("{\"op\":\"ping\",\"id\":\"" + id + "\"}");
        List<Message> before = new ArrayList<>();
        for (;;) {
            Message m = next();
            if ("pong".equals(m.type()) && id.equals(m.text("id"))) {
                return before;
            }
            before.add(m);
        }
    }

    private void onFrame(WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        Message.Arrival arrival = arrival();
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
    public Message awaitAck() {
        Message m = nextIgnoringHeartbeats();
        if (!"subscribed".equals(m.type())) {
            fail("expected the subscribe to be acknowledged, got " + m);
        }
        return m;
    }

    @Override
    public Refusal awaitRefusal() {
        Message m = nextIgnoringHeartbeats();
        if (!"error".equals(m.type())) {
            fail("expected an error reply, got " + m);
        }
        if (subscribeId != null) {
            assertThat(m.text("id")).as("the error echoes the request's id").isEqualTo(subscribeId);
        }
        return new Refusal(m.text("code"), m.text("message"));
    }

    @Override
    public Integer closeStatus() {
        if (!awaitEnd(TIMEOUT)) {
            fail("connection still open after " + TIMEOUT);
        }
        return closeStatus.getNow(null);
    }

    /** The reason text of the server's close frame, once closed ({@code "revoked"}, say); null without one. */
    public String closeReason() {
        closeStatus();
        return closeReason.getNow(null);
    }

    @Override
    Integer closeStatusNow() {
        return closeStatus.getNow(null);
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        Channel ch = channelNow();
        if (ch != null) {
            ch.close();
        }
        connection.dispose();
    }
}
