package io.tickwire.gateway.transport;

import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Finds the Netty event loop that serves a connection, so a client's outbound batches are built on
 * the thread that writes them. Off Reactor Netty, a single shared Reactor thread serialises them.
 */
public final class EventLoops {

    private static final Scheduler FALLBACK = Schedulers.single();

    private EventLoops() {
    }

    /** A WebSocket handler that wants its connection's event loop. */
    public interface Aware extends WebSocketHandler {

        Mono<Void> handle(WebSocketSession session, Executor eventLoop);

        @Override
        default Mono<Void> handle(WebSocketSession session) {
            return handle(session, FALLBACK::schedule);
        }
    }

    /**
     * Upgrades as {@code delegate} does, handing an {@link Aware} handler the event loop of the
     * connection being upgraded: a WebSocket session does not expose its channel, the request does.
     */
    public static RequestUpgradeStrategy handing(RequestUpgradeStrategy delegate) {
        return new RequestUpgradeStrategy() {
            @Override
            public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, String subProtocol,
                                      Supplier<HandshakeInfo> handshakeInfo) {
                Executor loop = of(exchange.getRequest());
                WebSocketHandler bound = handler instanceof Aware aware ? session -> aware.handle(session, loop) : handler;
                return delegate.upgrade(exchange, bound, subProtocol, handshakeInfo);
            }
        };
    }

    public static Executor of(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        if (nativeRequest instanceof Connection c) {
            return c.channel().eventLoop();
        }
        return FALLBACK::schedule;
    }
}
