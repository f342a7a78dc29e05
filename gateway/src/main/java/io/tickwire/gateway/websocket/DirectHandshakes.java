package io.tickwire.gateway.websocket;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.tickwire.gateway.transport.ClientChannel;
import java.net.URI;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.boot.web.embedded.netty.NettyRouteProvider;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.adapter.ReactorNettyWebSocketSession;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * {@code GET /ws} upgraded by Reactor Netty directly, ahead of Spring WebFlux, when nothing has to
 * be checked before the upgrade: authentication off, every browser origin allowed, no handshake
 * rate. Then Spring's path (the web filters, the security chain, the dispatcher, its handshake
 * service and adapters) only passes the request along, and in a reconnect storm it was most of
 * what a handshake cost (bench/README.md "Reconnect storms"). The same {@link QuoteWebSocketHandler}
 * serves the connection on either path, so connection limits, frame rules, liveness and every
 * close code are the same. With any of those checks configured, and for a request that is not a
 * well-formed WebSocket upgrade (Spring answers it as before), the route does not match.
 */
public final class DirectHandshakes implements NettyRouteProvider {

    private static final String PATH = "/ws";

    private final QuoteWebSocketHandler handler;
    private final int maxFramePayloadLength;
    private final boolean enabled;

    /**
     * @param enabled whether nothing is checked before the upgrade (auth off, any origin, no handshake rate)
     */
    public DirectHandshakes(QuoteWebSocketHandler handler, int maxFramePayloadLength, boolean enabled) {
        this.handler = handler;
        this.maxFramePayloadLength = maxFramePayloadLength;
        this.enabled = enabled;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return enabled ? routes.route(DirectHandshakes::isUpgrade, this::upgrade) : routes;
    }

    /** A well-formed RFC 6455 opening handshake for exactly {@code /ws}, whatever its query. */
    static boolean isUpgrade(HttpServerRequest request) {
        if (!HttpMethod.GET.equals(request.method()) || uri(request) == null) {
            return false;
        }
        HttpHeaders h = request.requestHeaders();
        return h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && "13".equals(h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
                && h.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    }

    /** The request's URI when its path is exactly {@code /ws}; null otherwise (or when it does not parse). */
    private static URI uri(HttpServerRequest request) {
        String raw = request.uri();
        int end = raw.indexOf('?');
        if (!(end < 0 ? raw : raw.substring(0, end)).equals(PATH)) {
            return null;
        }
        try {
            return URI.create(raw);
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Publisher<Void> upgrade(HttpServerRequest request, HttpServerResponse response) {
        ClientChannel channel = ClientChannel.of((Connection) request);
        // As Spring's handshake would give it, without the request headers (see ClientChannel.handing).
        HandshakeInfo info = new HandshakeInfo(uri(request), org.springframework.http.HttpHeaders.EMPTY, Mono.empty(),
                null, request.remoteAddress(), Map.of(), null);
        NettyDataBufferFactory buffers = new NettyDataBufferFactory(response.alloc());
        return response.sendWebsocket((in, out) -> handler.handle(
                        new ReactorNettyWebSocketSession(in, out, info, buffers, maxFramePayloadLength), channel),
                WebsocketServerSpec.builder().maxFramePayloadLength(maxFramePayloadLength).build());
    }
}
