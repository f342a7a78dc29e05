package io.tickwire.gateway.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.tickwire.gateway.wire.Outbound;
import java.util.List;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes a client's batches straight to its Netty channel, one text frame per batch: the
 * message itself, or a JSON array when several were ready.
 *
 * <p>This bypasses Reactor Netty's send path, which would add a promise, a queue hand-off and a
 * scheduling step to every frame, and Netty's frame encoder, which would add an object, a
 * header buffer and several type checks. Nothing here needs them: the client's mailbox already
 * drains on this channel's event loop, and only while the channel is writable, so at most
 * Netty's high-water mark of bytes waits beyond the mailbox; and a server frame is a plain
 * header before the payload (RFC 6455 §5.2: final, text, unmasked), the endpoint negotiating no
 * extension. A write that fails closes the channel, and so the client, as any other write would.
 */
final class FrameWriter implements CoreSubscriber<List<Outbound>> {

    /** FIN and opcode 1 (text). */
    private static final int FIN_TEXT = 0x81;

    private final Channel channel;
    /**
     * Where frames enter the pipeline: at the frame encoder, so they pass only the handlers
     * between it and the socket (TLS, when configured). The handlers past the encoder have nothing
     * to do with an encoded frame: the peer-liveness check watches reads only.
     */
    private final ChannelOutboundInvoker out;
    private final MonoSink<Void> done;

    private FrameWriter(Channel channel, MonoSink<Void> done) {
        this.channel = channel;
        ChannelHandlerContext encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
        this.out = encoder != null ? encoder : channel;
        this.done = done;
    }

    /**
     * Writes {@code batches} to {@code channel} as they come (on its event loop); completes when
     * they end. Cancelling it cancels them.
     */
    static Mono<Void> writeAll(Channel channel, Flux<List<Outbound>> batches) {
        return Mono.create(done -> batches.subscribe(new FrameWriter(channel, done)));
    }

    @Override
    public void onSubscribe(Subscription s) {
        done.onCancel(s::cancel);
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<Outbound> batch) {
        if (!channel.isActive()) {
            // Its close is on the way to the client's session, which ends the batches.
            return;
        }
        out.writeAndFlush(encode(channel.alloc(), batch), channel.voidPromise());
    }

    @Override
    public void onError(Throwable t) {
        done.error(t);
    }

    @Override
    public void onComplete() {
        done.success();
    }

    /** One whole text frame: its header, then the message itself or a JSON array of the batch. */
    static ByteBuf encode(ByteBufAllocator alloc, List<Outbound> batch) {
        int payload = batch.size() == 1 ? 0 : batch.size() + 1;
        // Indexed, not for-each: an iterator per batch was once the largest allocation per message
        // left (bench/README.md "The tail at 100k"); the batch itself is lent, no object either.
        for (int i = 0; i < batch.size(); i++) {
            payload += batch.get(i).json().length;
        }
        ByteBuf frame = alloc.directBuffer(headerLength(payload) + payload);
        frame.writeByte(FIN_TEXT);
        if (payload < 126) {
            frame.writeByte(payload);
        }
        else if (payload <= 0xFFFF) {
            frame.writeByte(126).writeShort(payload);
        }
        else {
            frame.writeByte(127).writeLong(payload);
        }
        if (batch.size() == 1) {
            return frame.writeBytes(batch.get(0).json());
        }
        frame.writeByte('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                frame.writeByte(',');
            }
            frame.writeBytes(batch.get(i).json());
        }
        return frame.writeByte(']');
    }

    private static int headerLength(int payload) {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }
}
