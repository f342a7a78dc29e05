package io.tickwire.gateway.websocket;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.tickwire.gateway.wire.ControlMessage;
import io.tickwire.gateway.wire.Outbound;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/** The frames {@link FrameWriter} makes, read back by Netty's own client-side frame decoder. */
class FrameWriterTest {

    private static Outbound message(int length) {
        String json = "{\"pad\":\"" + "x".repeat(Math.max(0, length - 10)) + "\"}";
        return new ControlMessage(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Payloads on both sides of the 7-bit, 16-bit and 64-bit length forms (RFC 6455 §5.2). */
    @ParameterizedTest
    @ValueSource(ints = {10, 125, 126, 127, 65_535, 65_536, 200_000})
    void oneMessageIsOneTextFrameHoldingItAsIs(int length) {
        Outbound m = message(length);
        assertThat(decode(List.of(m))).isEqualTo(new String(m.json(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 400})
    void aBatchIsOneTextFrameHoldingAJsonArray(int size) {
        List<Outbound> batch = java.util.stream.IntStream.range(0, size).mapToObj(i -> message(20 + i)).toList();
        String expected = "[" + String.join(",", batch.stream()
                .map(m -> new String(m.json(), StandardCharsets.UTF_8)).toList()) + "]";
        assertThat(decode(batch)).isEqualTo(expected);
    }

    /**
     * Frames enter the pipeline at the frame encoder: a handler nearer the socket (where TLS sits)
     * sees every one, a handler past the encoder (where the liveness check sits) none.
     */
    @Test
    void framesPassOnlyTheHandlersBetweenTheEncoderAndTheSocket() {
        List<Object> nearSocket = new ArrayList<>();
        List<Object> pastEncoder = new ArrayList<>();
        EmbeddedChannel server = new EmbeddedChannel(recorder(nearSocket), new WebSocket13FrameEncoder(false),
                recorder(pastEncoder));
        try {
            List<Outbound> first = List.of(message(30));
            List<Outbound> second = List.of(message(40), message(50));
            FrameWriter.writeAll(server, Flux.just(first, second)).block(PATIENCE);

            assertThat(nearSocket).hasSize(2);
            assertThat(pastEncoder).isEmpty();
            assertThat(decode((ByteBuf) server.readOutbound())).isEqualTo(decode(first));
            assertThat(decode((ByteBuf) server.readOutbound())).isEqualTo(decode(second));
        }
        finally {
            server.finishAndReleaseAll();
        }
    }

    private static ChannelOutboundHandlerAdapter recorder(List<Object> written) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                written.add(msg.getClass());
                ctx.write(msg, promise);
            }
        };
    }

    private static String decode(List<Outbound> batch) {
        return decode(FrameWriter.encode(ByteBufAllocator.DEFAULT, batch));
    }

    private static String decode(ByteBuf frameBytes) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        try {
            assertThat(client.writeInbound(frameBytes)).isTrue();
            TextWebSocketFrame frame = client.readInbound();
            try {
                assertThat(frame.isFinalFragment()).isTrue();
                assertThat((Object) client.readInbound()).isNull();
                return frame.text();
            }
            finally {
                frame.release();
            }
        }
        finally {
            client.finishAndReleaseAll();
        }
    }
}
