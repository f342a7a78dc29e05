package io.tickwire.client;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * {@code GET /ws} (PROTOCOL.md §2): one {@code subscribe} op, resuming with {@code since}; frames of
 * one message or an array of them; any frame feeds the watchdog. A token is sent as
 * {@code Authorization: Bearer} at the handshake and, before its {@code exp}, replaced in-band with
 * the {@code auth} op by one from the token supplier, so the link outlives it.
 */
final class WebSocketLink implements Link {

    /** The gateway batches into frames well below this; one a little larger is still read. */
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private final HttpClient http;

    WebSocketLink(HttpClient http) {
        this.http = http;
    }

    @Override
    public Mono<Void> open(Request r, Listener listener) {
        AtomicReference<WebSocketCloseStatus> closed = new AtomicReference<>();
        return http
                .headers(h -> {
                    if (r.token() != null) {
                        h.set("Authorization", "Bearer " + r.token());
                    }
                })
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME).build())
                .uri(uri(r.base()))
                .handle((in, out) -> {
                    // Only this link's own ops go here: the subscribe and a refresh now and then.
                    Sinks.Many<String> ops = Sinks.many().unicast().onBackpressureBuffer();
                    ops.tryEmitNext(Frames.subscribe("subscribe", r.symbols(), r.since(), r.maxRate()));
                    Mono<Void> receive = in.aggregateFrames(MAX_FRAME).receiveFrames()
                            .ofType(TextWebSocketFrame.class)
                            .map(TextWebSocketFrame::text)
                            .timeout(r.heartbeatTimeout())
                            .onErrorMap(TimeoutException.class, e -> LinkLostException.silentFor(r.heartbeatTimeout()))
                            .doOnNext(text -> Frames.parse(text).forEach(m -> dispatch(m, listener)))
                            .then();
                    Mono<Void> send = out.sendString(ops.asFlux()).then();
                    Mono<Void> refresh = r.tokens() == null ? Mono.empty() : refreshAfter(r.token(), r, ops, listener);
                    Mono<Void> status = in.receiveCloseStatus().doOnNext(closed::set).then(Mono.never());
                    return Mono.firstWithSignal(receive, send.then(Mono.never()), refresh.then(Mono.never()), status);
                })
                .onErrorMap(WebSocketClientHandshakeException.class,
                        e -> new HttpRefusal(e.response().status().code(), Frames.refusal("")))
                .then(Mono.defer(() -> {
                    WebSocketCloseStatus s = closed.get();
                    return Mono.error(s == null ? LinkLostException.closed()
                            : LinkLostException.closed(s.code(), s.reasonText()));
                }));
    }

    private static void dispatch(Inbound m, Listener listener) {
        if (m instanceof Inbound.QuoteMessage q) {
            listener.quote(q.quote());
        }
        else if (m instanceof Inbound.Control c) {
            if ("subscribed".equals(c.type()) && "subscribe".equals(c.id())) {
                listener.live();
            }
            listener.control(c);
        }
    }

    /**
     * Sends a fresh token before {@code token} expires, and again before that one does. A supplier
     * that hands back a token no later than the current one ends the refreshing: the gateway closes
     * the link at {@code exp} and the reconnect asks the supplier again.
     */
    private static Mono<Void> refreshAfter(String token, Request r, Sinks.Many<String> ops, Listener listener) {
        Optional<Instant> exp = JwtExpiry.of(token);
        if (exp.isEmpty()) {
            return Mono.empty();
        }
        return Mono.delay(JwtExpiry.refreshIn(exp.get(), Instant.now()))
                .then(Mono.defer(r.tokens()))
                .flatMap(fresh -> {
                    Optional<Instant> next = JwtExpiry.of(fresh);
                    if (next.isEmpty() || !next.get().isAfter(exp.get())) {
                        return Mono.empty();
                    }
                    ops.tryEmitNext(Frames.auth("auth", fresh));
                    return refreshAfter(fresh, r, ops, listener);
                })
                .onErrorResume(e -> {
                    listener.refreshFailed(e);
                    return Mono.empty();
                });
    }

    static URI uri(URI base) {
        String scheme = "https".equals(base.getScheme()) || "wss".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getRawAuthority() + "/ws");
    }
}
