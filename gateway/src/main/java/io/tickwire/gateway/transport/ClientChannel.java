package io.tickwire.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.CloseReason;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import org.reactivestreams.Publisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;

/**
 * The network side of one client connection, as the hub needs it: the event loop that writes to
 * it (so a client's batches are built on the thread that sends them), whether its socket takes
 * more bytes now (Netty's channel writability: false once the channel's outbound buffer passes
 * its high-water mark), and a call when it does again.
 *
 * <p>A WebSocket session does not expose its channel, the upgrade request does: see
 * {@link #handing}. Off Reactor Netty (never, in this application) a shared Reactor thread
 * serialises the drain and the socket always counts as writable.
 */
public final class ClientChannel {

    private static final Scheduler FALLBACK = Schedulers.single();
    private static final String WRITABILITY = "tickwire.writability";

    private final Channel channel;

    private ClientChannel(Channel channel) {
        this.channel = channel;
    }

    /** A WebSocket handler that wants its connection's channel. */
    public interface Aware extends WebSocketHandler {

        Mono<Void> handle(WebSocketSession session, ClientChannel channel);

        @Override
        default Mono<Void> handle(WebSocketSession session) {
            return handle(session, new ClientChannel(null));
        }
    }

    /**
     * Upgrades as {@code delegate} does, handing an {@link Aware} handler the connection being
     * upgraded. The session's handshake info keeps no copy of the request headers (Spring copies
     * them into every session, about 1.5 KB a connection): the handlers here read only the URI.
     */
    public static RequestUpgradeStrategy handing(RequestUpgradeStrategy delegate) {
        return new RequestUpgradeStrategy() {
            @Override
            public Mono<Void> upgrade(ServerWebExchange exchange, WebSocketHandler handler, String subProtocol,
                                      Supplier<HandshakeInfo> handshakeInfo) {
                ClientChannel channel = of(exchange.getRequest());
                WebSocketHandler bound = handler instanceof Aware aware ? session -> aware.handle(session, channel) : handler;
                return delegate.upgrade(exchange, bound, subProtocol, () -> withoutHeaders(handshakeInfo.get()));
            }
        };
    }

    private static HandshakeInfo withoutHeaders(HandshakeInfo info) {
        return new HandshakeInfo(info.getUri(), HttpHeaders.EMPTY, info.getPrincipal(), info.getSubProtocol(),
                info.getRemoteAddress(), info.getAttributes(), info.getLogPrefix());
    }

    public static ClientChannel of(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        return new ClientChannel(nativeRequest instanceof Connection c ? c.channel() : null);
    }

    /** The Netty channel, or {@code null} off Reactor Netty. */
    public Channel channel() {
        return channel;
    }

    public Executor eventLoop() {
        return channel == null ? FALLBACK::schedule : channel.eventLoop();
    }

    public BooleanSupplier writability() {
        return channel == null ? () -> true : channel::isWritable;
    }

    /**
     * Calls {@code onWritable} on the event loop each time the socket takes bytes again, until the
     * returned handle is disposed (an HTTP connection outlives one SSE stream on it).
     */
    public Disposable onWritable(Runnable onWritable) {
        if (channel == null) {
            return () -> { };
        }
        ChannelHandler relay = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    onWritable.run();
                }
                ctx.fireChannelWritabilityChanged();
            }
        };
        addBeforeBridge(channel.pipeline(), WRITABILITY, relay);
        // It may have turned writable before the relay was in place.
        onWritable.run();
        return () -> {
            if (channel.pipeline().context(relay) != null) {
                try {
                    channel.pipeline().remove(relay);
                }
                catch (java.util.NoSuchElementException e) {
                    // Removed meanwhile, with the channel.
                }
            }
        };
    }

    /**
     * A streaming hub session for this connection, open for as long as {@code body} runs: its
     * batches drain on this event loop while the socket is writable, the writability relay is in
     * place meanwhile, and both are undone whatever ends the stream.
     */
    public <T> Flux<T> stream(QuoteHub hub, Transport transport, Function<ClientSession, Publisher<T>> body) {
        return Flux.using(() -> hub.connect(transport, eventLoop(), writability()),
                client -> Flux.using(() -> onWritable(client::writable), writable -> body.apply(client),
                        Disposable::dispose),
                client -> client.close(CloseReason.CLIENT_CLOSED));
    }

    /** Adds {@code handler} after the codecs, ahead of Reactor Netty's bridge to the application. */
    public static void addBeforeBridge(ChannelPipeline pipeline, String name, ChannelHandler handler) {
        if (pipeline.get(NettyPipeline.ReactiveBridge) != null) {
            pipeline.addBefore(NettyPipeline.ReactiveBridge, name, handler);
        }
        else {
            pipeline.addLast(name, handler);
        }
    }
}
