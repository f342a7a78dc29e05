package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.Message;
import io.tickwire.gateway.support.ShortTimersGatewayTest;
import io.tickwire.gateway.support.StreamClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Heartbeats on the wire (PROTOCOL.md §2 {@code {"type":"heartbeat","ts":…,"seq":…}}, §3
 * {@code : heartbeat <ts>}): a client idle for the interval hears from the server, so it can tell a
 * quiet market from a dead link. When exactly a heartbeat is due, and that a client getting quotes
 * gets none, is {@code delivery.HeartbeatsTest}'s, in virtual time.
 */
class HeartbeatTest extends ShortTimersGatewayTest {

    /** Never quoted in this context: a subscription to it stays idle. */
    private static final String QUIET = "BRK.B";

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void anIdleSubscriptionGetsAHeartbeatEveryIntervalAndOnWebSocketItCarriesTheFeedsLatestSeq(Transport transport) {
        Quote elsewhere = feed.emit("IBM");
        try (StreamClient s = open(transport, symbols(QUIET))) {
            s.awaitAck();
            List<Message> beats = List.of(s.next(), s.next(), s.next());
            assertThat(beats).extracting(Message::type).containsOnly("heartbeat");
            assertThat(beats).allSatisfy(m -> assertThat(m.body().get("ts").asLong())
                    .isCloseTo(Timestamps.nowMicros(), within(StreamClient.TIMEOUT.toNanos() / 1_000)));
            assertThat(beats).extracting(m -> m.body().get("ts").asLong()).isSorted().doesNotHaveDuplicates();
            // One per interval, not a flood: three span two intervals; one is the bound, leaving room for jitter.
            assertThat(Duration.ofNanos(beats.get(2).arrivedNanos() - beats.get(0).arrivedNanos()))
                    .isGreaterThanOrEqualTo(HEARTBEAT_INTERVAL);

            if (transport == Transport.WS) {
                assertThat(beats).extracting(m -> m.body().get("seq").asLong()).containsOnly(elsewhere.seq());
                // The seq follows the whole feed, though this client gets no IBM quote.
                Quote later = feed.emit("IBM");
                Message beat;
                int n = 0;
                do {
                    beat = s.next();
                    assertThat(beat.type()).isEqualTo("heartbeat");
                    assertThat(beat.body().get("seq").asLong()).isIn(elsewhere.seq(), later.seq());
                } while (beat.body().get("seq").asLong() != later.seq() && ++n < 3);
                assertThat(beat.body().get("seq").asLong()).isEqualTo(later.seq()).isEqualTo(hub.latestSeq());
            }
        }
    }
}
