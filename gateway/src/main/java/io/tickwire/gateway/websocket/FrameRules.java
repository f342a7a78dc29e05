package io.tickwire.gateway.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.tickwire.gateway.transport.ClientChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 6455 rules Netty's frame decoder leaves to the application, enforced before any frame
 * reaches it: no reserved bit set (no extension is ever negotiated), text that is valid UTF-8
 * (across fragments too; Netty's own {@link Utf8FrameValidator} checks it), and a close frame with
 * a code a peer may send and a UTF-8 reason. A frame that breaks one fails the connection as §7.1.7
 * says: a close frame with 1002 (protocol error) or 1007 (invalid payload), then the socket is
 * closed, at the latest {@link #CLOSE_BOUND} later if the close frame cannot be written. Nothing
 * is logged above DEBUG: a flood of bad frames must not flood the log.
 */
final class FrameRules extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrameRules.class);
    /** How long a close frame may wait to be written before the socket is closed regardless. */
    static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    private boolean failed;

    private FrameRules() {
    }

    /** Enforces the rules on {@code channel}'s inbound frames for as long as it is open. */
    static void enforce(Channel channel) {
        ClientChannel.addBeforeBridge(channel.pipeline(), "tickwire.utf8", new Utf8FrameValidator(false));
        ClientChannel.addBeforeBridge(channel.pipeline(), "tickwire.frames", new FrameRules());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            String violation = frame.rsv() != 0 ? "reserved bits set without an extension"
                    : frame instanceof CloseWebSocketFrame close ? closeViolation(close) : null;
            if (violation != null) {
                frame.release();
                fail(ctx, violation.startsWith("close reason") ? WebSocketCloseStatus.INVALID_PAYLOAD_DATA
                        : WebSocketCloseStatus.PROTOCOL_ERROR, violation);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Utf8FrameValidator's verdict: invalid UTF-8 in a text message. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            fail(ctx, corrupted.closeStatus(), corrupted.getMessage());
        }
        else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static String closeViolation(CloseWebSocketFrame close) {
        ByteBuf body = close.content();
        if (body.readableBytes() == 0) {
            return null;
        }
        if (body.readableBytes() == 1) {
            return "a close frame's body is a two-byte code";
        }
        int code = body.getUnsignedShort(body.readerIndex());
        if (!sendable(code)) {
            return "close code " + code + " may not be sent";
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(body.nioBuffer(body.readerIndex() + 2, body.readableBytes() - 2));
            return null;
        }
        catch (CharacterCodingException e) {
            return "close reason is not UTF-8";
        }
    }

    /** RFC 6455 §7.4 and the IANA registry: the codes a peer may put in a close frame. */
    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private void fail(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        failed = true;
        log.debug("WebSocket {} failed with {}: {}", ctx.channel().remoteAddress(), status.code(), reason);
        closeWithin(ctx.channel(), new CloseWebSocketFrame(status.code(), reason));
    }

    /** Writes {@code close} and closes the socket once it is out, or after {@link #CLOSE_BOUND} if it is not. */
    static void closeWithin(Channel channel, CloseWebSocketFrame close) {
        channel.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        closeAtLatestAfterBound(channel);
    }

    /**
     * A close frame queued behind bytes the peer does not read would keep the socket open for as
     * long as the peer likes: past {@link #CLOSE_BOUND} it is closed without waiting any longer.
     */
    static void closeAtLatestAfterBound(Channel channel) {
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    }
}
