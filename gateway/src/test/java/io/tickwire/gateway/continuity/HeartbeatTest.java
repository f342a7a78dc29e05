package io.tickwire.gateway.continuity;

import static io.tickwire.gateway.continuity.StreamRequest.symbols;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.continuity.QuoteStream.Message;
import io.tickwire.gateway.hub.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Heartbeats (PROTOCOL.md §2 {@code {"type":"heartbeat","ts":…,"seq":…}}, §3 {@code : heartbeat <ts>}):
 * a client idle for the interval hears from the server, so it can tell a quiet market from a dead
 * link; a client that is getting quotes does not need them and gets none.
 */
class HeartbeatTest extends ShortTimersGatewayTest {

    /** Never quoted in this context: a subscription to it stays idle. */
    private static final String QUIET = "BRK.B";

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void anIdleSubscriptionGetsAHeartbeatEveryIntervalAndOnWebSocketItCarriesTheFeedsLatestSeq(Transport transport) {
        Quote elsewhere = feed.emit("IBM");
        try (QuoteStream s = open(transport, symbols(QUIET))) {
            s.awaitAck();
            List<Message> beats = List.of(s.next(), s.next(), s.next());
            assertThat(beats).extracting(Message::type).containsOnly("heartbeat");
            assertThat(beats).allSatisfy(m -> assertThat(m.body().get("ts").asLong())
                    .isCloseTo(Timestamps.nowMicros(), within(QuoteStream.TIMEOUT.toNanos() / 1_000)));
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

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void aClientReceivingASteadyStreamOfQuotesGetsNoHeartbeat(Transport transport) {
        Quote snapshot = feed.emit("AAPL");
        try (QuoteStream s = open(transport, symbols("AAPL"))) {
            s.awaitAck();
            List<Message> messages = new ArrayList<>(s.messagesThrough(snapshot.seq()));
            // Ten intervals of quotes every 20 ms: a server beating regardless would send about ten.
            try (Ticker ticker = Ticker.start(Duration.ofMillis(20), HEARTBEAT_INTERVAL.multipliedBy(10),
                    () -> feed.emit("AAPL"))) {
                ticker.awaitDone();
            }
            messages.addAll(s.messagesThrough(feed.lastSeq()));

            assertThat(messages).filteredOn(Message::isQuote).hasSizeGreaterThan(50);
            // Only a stall of the machine as long as the interval could make the link idle, and only then may a beat come.
            for (int i = 1; i < messages.size(); i++) {
                if (messages.get(i).isHeartbeat()) {
                    Duration silence = Duration.ofNanos(messages.get(i).arrivedNanos() - messages.get(i - 1).arrivedNanos());
                    assertThat(silence).as("a heartbeat came %s after the previous message, amid %s", silence,
                                    messages.subList(Math.max(0, i - 3), Math.min(messages.size(), i + 3)))
                            .isGreaterThanOrEqualTo(HEARTBEAT_INTERVAL.dividedBy(2));
                }
            }
        }
    }
}
