package io.tickwire.gateway.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.Entitlements;
import io.tickwire.gateway.hub.QuoteHub;
import io.tickwire.gateway.hub.Transport;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
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
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;

/**
 * The network side of one client connection, as the hub needs it: the event loop that writes to
 * it (so a client's batches are built on the thread that sends them), whether its socket takes
 * more bytes now (Netty's channel writability: false once the channel's outbound buffer passes
 * its high-water mark), and a call when it does again.
 *
 * <p>Tickwire runs on Reactor Netty only: its transports write to the Netty channel. A WebSocket
 * session does not expose its channel, the upgrade request does: see {@link #handing}.
 */
public final class ClientChannel {

    private static final String WRITABILITY = "tickwire.writability";

    private final Channel channel;

    private ClientChannel(Channel channel) {
        this.channel = channel;
    }

    /** A WebSocket handler that is handed its connection's channel. */
    public interface Aware extends WebSocketHandler {

        Mono<Void> handle(WebSocketSession session, ClientChannel channel);

        @Override
        default Mono<Void> handle(WebSocketSession session) {
            return Mono.error(new IllegalStateException("upgrade through ClientChannel.handing to hand the channel"));
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
        if (ServerHttpRequestDecorator.getNativeRequest(request) instanceof Connection c) {
            return new ClientChannel(c.channel());
        }
        throw new IllegalStateException("Tickwire's transports run on Reactor Netty only");
    }

    /** The connection of a request that Reactor Netty hands over without Spring (a route of its own). */
    public static ClientChannel of(Connection connection) {
        return new ClientChannel(connection.channel());
    }

    public Channel channel() {
        return channel;
    }

    public Executor eventLoop() {
        return channel.eventLoop();
    }

    /**
     * A hub session for this connection, for a client that may see what {@code entitlements}
     * allow: its batches drain on this event loop while the socket is writable. It is closed when the connection closes, whatever happens to it before; hand it to
     * {@link #stream} to serve it.
     */
    public ClientSession connect(QuoteHub hub, Transport transport, Entitlements entitlements) {
        ClientSession session = hub.connect(transport, channel.eventLoop(), channel::isWritable, entitlements);
        ChannelFutureListener onClose = f -> session.close(CloseReason.CLIENT_CLOSED);
        channel.closeFuture().addListener(onClose);
        // An HTTP connection outlives the streams on it: the listener goes with the session.
        session.onClose(() -> channel.closeFuture().removeListener(onClose));
        return session;
    }

    /**
     * Serves {@code session} with {@code body} for as long as it runs, with a writability relay
     * in place meanwhile; both are undone, and the session closed, whatever ends the stream.
     */
    public <T> Flux<T> stream(ClientSession session, Function<ClientSession, Publisher<T>> body) {
        return Flux.using(() -> onWritable(session::writable), writable -> body.apply(session), Disposable::dispose)
                .doFinally(signal -> session.close(CloseReason.CLIENT_CLOSED));
    }

    /**
     * Calls {@code onWritable} on the event loop each time the socket takes bytes again, until the
     * returned handle is disposed.
     */
    private Disposable onWritable(Runnable onWritable) {
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
                catch (NoSuchElementException e) {
                    // Removed meanwhile, with the channel.
                }
            }
        };
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
