package io.tickwire.gateway.websocket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.tickwire.gateway.transport.ClientChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds dead WebSocket peers (PROTOCOL.md §2): when nothing has come from the peer for the ping
 * interval, it gets a protocol ping, which any live client answers with a pong; when nothing has
 * come for the idle timeout, the connection is closed, and with it the client's registrations.
 * A peer that stops reading cannot answer either, so a client stalled that long is closed too.
 *
 * <p>A pong has done its work once it is read: it ends in {@link PongSink}, right after this
 * check, instead of travelling on through Reactor Netty and Spring to a handler that would ignore
 * it. Clients that connected together are pinged together, so that trip was a burst of wasted
 * work at every ping round (a burst that remains, smaller: the pings and the reads themselves).
 */
final class PeerLiveness extends IdleStateHandler {

    private static final Logger log = LoggerFactory.getLogger(PeerLiveness.class);

    private final long pingNanos;
    private final long timeoutNanos;
    private int silentIntervals;

    private PeerLiveness(Duration pingInterval, Duration idleTimeout) {
        super(pingInterval.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.pingNanos = pingInterval.toNanos();
        this.timeoutNanos = idleTimeout.toNanos();
    }

    /** Watches {@code channel} for as long as it is open. */
    static void watch(Channel channel, Duration pingInterval, Duration idleTimeout) {
        ClientChannel.addBeforeBridge(channel.pipeline(), "tickwire.liveness", new PeerLiveness(pingInterval, idleTimeout));
        ClientChannel.addBeforeBridge(channel.pipeline(), "tickwire.pongs", PongSink.INSTANCE);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        // Reader-idle events repeat every interval while the peer is silent; any read starts over.
        silentIntervals = evt.isFirst() ? 1 : silentIntervals + 1;
        if (silentIntervals * pingNanos >= timeoutNanos) {
            log.debug("WebSocket peer {} silent for {} ms: closing", ctx.channel().remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(silentIntervals * pingNanos));
            ctx.close();
        }
        else {
            ctx.writeAndFlush(new PingWebSocketFrame());
        }
    }

    /** Releases protocol pongs, which the liveness check before it has already counted as reads. */
    @ChannelHandler.Sharable
    static final class PongSink extends ChannelInboundHandlerAdapter {

        static final PongSink INSTANCE = new PongSink();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof PongWebSocketFrame pong) {
                pong.release();
            }
            else {
                ctx.fireChannelRead(msg);
            }
        }
    }
}
