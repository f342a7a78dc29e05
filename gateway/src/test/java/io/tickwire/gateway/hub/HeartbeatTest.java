package io.tickwire.gateway.hub;

import static io.tickwire.gateway.hub.HubFixture.describe;
import static io.tickwire.gateway.hub.HubFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.delivery.Heartbeats;
import io.tickwire.gateway.wire.Heartbeat;
import io.tickwire.gateway.hub.HubFixture.Reader;
import io.tickwire.gateway.hub.HubFixture.Received;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** Heartbeats: a streaming client that has had nothing for the interval is told the link is alive. */
class HeartbeatTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** The hub looks for idle clients every quarter interval. */
    private static final Duration LOOK = INTERVAL.dividedBy(Heartbeats.LOOKS);
    private static final Duration STEP = Duration.ofMillis(10);

    private static HubFixture hubWithHeartbeats(String... symbols) {
        return new HubFixture(new HubSettings(1000, 256).withHeartbeatInterval(INTERVAL), symbols);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"WS", "SSE"})
    void anIdleStreamingClientGetsAHeartbeatWithTheHubsLatestSeqAfterAboutTheInterval(Transport transport) {
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
    void aClientReceivingQuotesGetsNoHeartbeat() {
        HubFixture f = hubWithHeartbeats("A");
        ClientSession c = f.connect();
        c.subscribe(List.of("A"), r -> List.of());
        Reader reader = f.read(c, Long.MAX_VALUE);

        f.every(Duration.ofMillis(200), Duration.ofSeconds(5), () -> f.feed.emit("A"));

        assertThat(reader.quotesOf("A")).hasSize(25);
        assertThat(reader.heartbeats()).isEmpty();
        reader.cancel();
    }

    @Test
    void aPollingClientGetsNoHeartbeat() {
        HubFixture f = hubWithHeartbeats("A");
        f.feed.emit("A");
        ClientSession c = f.connect(Transport.POLL);
        c.subscribe(List.of("A"), r -> List.of(reply("\"ack\"")));
        assertThat(HubFixture.describe(c.takeNow())).containsExactly("\"ack\"", "A@1");

        f.advance(INTERVAL.multipliedBy(5));

        assertThat(c.takeNow()).isEmpty();
        f.feed.emit("A");
        assertThat(HubFixture.describe(c.takeNow())).containsExactly("A@2");
    }

    @Test
    void atMostOneHeartbeatWaitsForAClientWithNoDemand() {
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

    @Test
    void aZeroIntervalTurnsHeartbeatsOff() {
        HubFixture f = new HubFixture(new HubSettings(1000, 256).withHeartbeatInterval(Duration.ZERO), "A");
        ClientSession c = f.connect();
        c.subscribe(List.of("A"), r -> List.of());
        Reader reader = f.read(c, Long.MAX_VALUE);
        f.advance(Duration.ofMinutes(5));
        assertThat(reader.received).isEmpty();
        reader.cancel();
    }
}
