package io.tickwire.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Pongs end at {@link PeerLiveness.PongSink}; every other frame goes on. That a pong still counts
 * as a read for the liveness check before it is {@code PeerLivenessTest}'s to show, end to end.
 */
class PongSinkTest {

    @Test
    void aPongIsReleasedThereAndGoesNoFurther() {
        EmbeddedChannel channel = new EmbeddedChannel(PeerLiveness.PongSink.INSTANCE);
        try {
            PongWebSocketFrame pong = new PongWebSocketFrame(Unpooled.copiedBuffer("beat", StandardCharsets.UTF_8));

            assertThat(channel.writeInbound(pong)).isFalse();
            assertThat(pong.refCnt()).isZero();
        }
        finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void requestsAndOtherControlFramesGoOn() {
        EmbeddedChannel channel = new EmbeddedChannel(PeerLiveness.PongSink.INSTANCE);
        try {
            TextWebSocketFrame request = new TextWebSocketFrame("{\"op\":\"ping\",\"id\":1}");
            PingWebSocketFrame ping = new PingWebSocketFrame();

            assertThat(channel.writeInbound(request, ping)).isTrue();
            assertThat((Object) channel.readInbound()).isSameAs(request);
            assertThat((Object) channel.readInbound()).isSameAs(ping);
            assertThat(request.refCnt()).isEqualTo(1);
        }
        finally {
            channel.finishAndReleaseAll();
        }
    }
}
