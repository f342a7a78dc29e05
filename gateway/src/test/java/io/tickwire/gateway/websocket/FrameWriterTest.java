package io.tickwire.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.tickwire.gateway.hub.ControlMessage;
import io.tickwire.gateway.hub.Outbound;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static String decode(List<Outbound> batch) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        try {
            assertThat(client.writeInbound(FrameWriter.encode(ByteBufAllocator.DEFAULT, batch))).isTrue();
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
