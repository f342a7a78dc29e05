package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.HubFixture.describe;
import static io.tickwire.gateway.support.HubFixture.reply;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.HubSettings;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.support.HubFixture.Reader;
import io.tickwire.gateway.support.HubFixture.Received;
import io.tickwire.gateway.wire.Heartbeat;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/**
 * {@link Heartbeats}, in virtual time: a streaming client that has had nothing for the interval is
 * told the link is alive, with the hub's latest {@code seq}; a client that is getting quotes, or
 * polls, gets none. How each transport writes a heartbeat is {@code continuity.HeartbeatTest}'s.
 */
class HeartbeatsTest {

    private static final Duration TIMEOUT = PATIENCE;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The hub looks for idle clients every quarter interval. */
    private static final Duration LOOK = INTERVAL.dividedBy(Heartbeats.LOOKS);
    private static final Duration STEP = Duration.ofMillis(10);

    private static HubFixture hubWithHeartbeats(String... symbols) {
        return new HubFixture(new HubSettings(1000, 256).withHeartbeatInterval(INTERVAL), symbols);
    }

    @Nested
    class AnIdleStreamingClient {

        @ParameterizedTest
        @EnumSource(value = Transport.class, names = {"WS", "SSE"})
        void getsAHeartbeatWithTheHubsLatestSeqAfterAboutTheInterval(Transport transport) {
            HubFixture f = hubWithHeartbeats("A", "B");
            ClientSession c = f.connect(transport);
            c.subscribe(List.of("A"), r -> List.of(reply("\"ack\"")));
            Reader reader = f.read(c, Long.MAX_VALUE);
            f.advance(Duration.ofMillis(130));
            f.feed.emit("A");
            long lastQuoteAt = f.nanos();
            assertThat(reader.texts()).containsExactly("\"ack\"", "A@1");

            // B keeps the feed moving, but this client is not subscribed to it: idle.
            f.every(STEP, Duration.ofSeconds(2), () -> {
                if (reader.heartbeats().isEmpty()) {
                    f.feed.emit("B");
                }
            });

            Received beat = reader.heartbeats().get(0);
            Duration idle = Duration.ofNanos(beat.atNanos() - lastQuoteAt);
            assertThat(idle).isBetween(INTERVAL, INTERVAL.plus(LOOK).plus(LOOK));
            Heartbeat h = (Heartbeat) beat.message();
            assertThat(h.seq()).isEqualTo(beat.hubLatestSeq()).isGreaterThan(1);
            assertThat(HubFixture.json(h).get("type").asText()).isEqualTo("heartbeat");
            assertThat(HubFixture.json(h).get("seq").asLong()).isEqualTo(h.seq());
            reader.cancel();
        }

        @Test
        void thatReadsNothingHasAtMostOneHeartbeatWaiting() {
            HubFixture f = hubWithHeartbeats("A", "B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), r -> List.of());
            long[] midway = new long[1];

            StepVerifier.create(c.outbound(), 0)
                    .then(() -> {
                        f.advance(INTERVAL.multipliedBy(5));
                        midway[0] = f.feed.emit("B").seq();
                        f.advance(INTERVAL.multipliedBy(5));
                    })
                    .thenRequest(10)
                    .assertNext(batch -> {
                        assertThat(batch).singleElement().isInstanceOf(Heartbeat.class);
                        // The newest beat replaced the ones made before it.
                        assertThat(((Heartbeat) batch.get(0)).seq()).isEqualTo(midway[0]);
                    })
                    .expectNoEvent(Duration.ZERO)
                    .then(() -> f.feed.emit("A"))
                    .assertNext(batch -> assertThat(describe(batch)).containsExactly("A@2"))
                    .thenCancel()
                    .verify(TIMEOUT);
        }
    }

    @Nested
    class NoHeartbeatGoesTo {

        /** Quotes a fifth of the interval apart: a server beating regardless would send five. */
        @ParameterizedTest
        @EnumSource(value = Transport.class, names = {"WS", "SSE"})
        void aClientReceivingQuotes(Transport transport) {
            HubFixture f = hubWithHeartbeats("A");
            ClientSession c = f.connect(transport);
            c.subscribe(List.of("A"), r -> List.of());
            Reader reader = f.read(c, Long.MAX_VALUE);

            f.every(Duration.ofMillis(200), Duration.ofSeconds(5), () -> f.feed.emit("A"));

            assertThat(reader.quotesOf("A")).hasSize(25);
            assertThat(reader.heartbeats()).isEmpty();
            reader.cancel();
        }

        @Test
        void aPollingClient() {
            HubFixture f = hubWithHeartbeats("A");
            f.feed.emit("A");
            ClientSession c = f.connect(Transport.POLL);
            c.subscribe(List.of("A"), r -> List.of(reply("\"ack\"")));
            assertThat(describe(c.takeNow())).containsExactly("\"ack\"", "A@1");

            f.advance(INTERVAL.multipliedBy(5));

            assertThat(c.takeNow()).isEmpty();
            f.feed.emit("A");
            assertThat(describe(c.takeNow())).containsExactly("A@2");
        }

        @Test
        void anyClientWhenTheIntervalIsZero() {
            HubFixture f = new HubFixture(new HubSettings(1000, 256).withHeartbeatInterval(Duration.ZERO), "A");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), r -> List.of());
            Reader reader = f.read(c, Long.MAX_VALUE);
            f.advance(Duration.ofMinutes(5));
            assertThat(reader.received).isEmpty();
            reader.cancel();
        }
    }
}
