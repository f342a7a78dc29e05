package io.tickwire.gateway.hub;

import static io.tickwire.gateway.support.HubFixture.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.delivery.CloseReason;
import io.tickwire.gateway.observability.FeedHealthIndicator;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.support.ManualQuoteFeed;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import reactor.test.StepVerifier;

/** The feed's last-quote age and health on the hub's (virtual) clock; the delivery-latency timer per quote. */
class FeedAgeAndLatencyTest {

    @Test
    void lastQuoteAgeCountsFromTheLastAcceptedQuoteAndHealthFollowsIt() {
        HubFixture f = new HubFixture("A");
        FeedHealthIndicator health = new FeedHealthIndicator(f.hub, Duration.ofSeconds(2));
        assertThat(f.hub.lastQuoteAge()).isZero();

        f.advance(Duration.ofMillis(1500));
        assertThat(f.hub.lastQuoteAge()).as("silent since the start").isEqualTo(Duration.ofMillis(1500));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        f.advance(Duration.ofSeconds(1));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("lastQuoteAgeSeconds", 2.5)
                .containsEntry("stallLimitSeconds", 2.0);

        Quote q = f.feed.emit("A");
        assertThat(f.hub.lastQuoteAge()).isZero();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("latestSeq", q.seq());

        f.advance(Duration.ofSeconds(3));
        // A refused quote (stale seq) is not a sign of life.
        f.feed.emit(ManualQuoteFeed.quote("A", q.seq()));
        assertThat(f.hub.lastQuoteAge()).isEqualTo(Duration.ofSeconds(3));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void eachLiveQuoteIsTimedFromItsTsRepliesAndSnapshotsAreNot() {
        HubFixture f = new HubFixture("A", "B");
        ClientSession c = f.connect(Transport.SSE);
        long twoSecondsAgo = Timestamps.nowMicros() - TimeUnit.SECONDS.toMicros(2);
        f.feed.emit(new Quote("A", 1, twoSecondsAgo - TimeUnit.HOURS.toMicros(1), 100, 100.01, 100, 1, 1, 1, 1, 100));
        c.subscribe(List.of("A", "B"), result -> List.of(reply("{\"ack\":1}")));
        Timer sse = f.registry.get(MetricNames.DELIVERY_LATENCY).tag(MetricNames.TRANSPORT, "sse").timer();
        Timer ws = f.registry.get(MetricNames.DELIVERY_LATENCY).tag(MetricNames.TRANSPORT, "ws").timer();

        StepVerifier.create(c.outbound().map(HubFixture::describe))
                .expectNext(List.of("{\"ack\":1}", "A@1"))
                .then(() -> {
                    // The snapshot says how old A's price is (an hour), not how slow the gateway is.
                    assertThat(sse.count()).isZero();
                    f.feed.emit(new Quote("A", 2, twoSecondsAgo, 100, 100.01, 100, 1, 1, 1, 1, 100));
                })
                .expectNext(List.of("A@2"))
                .then(() -> {
                    assertThat(sse.count()).isEqualTo(1);
                    // At least the quote's age when emitted; at most its age now, as this test's clock sees it.
                    assertThat(sse.max(TimeUnit.SECONDS)).isBetween(2.0, secondsSince(twoSecondsAgo));
                    // A feed on a host whose clock runs ahead: counted as no delay, not negative.
                    f.feed.emit(new Quote("B", 3, Timestamps.nowMicros() + 5_000_000, 1, 1.01, 1, 1, 1, 1, 1, 1));
                })
                .expectNext(List.of("B@3"))
                .then(() -> c.close(CloseReason.CLIENT_CLOSED))
                .verifyComplete();
        assertThat(sse.count()).isEqualTo(2);
        assertThat(sse.totalTime(TimeUnit.SECONDS)).isBetween(2.0, secondsSince(twoSecondsAgo));
        assertThat(ws.count()).as("other transports untouched").isZero();
    }

    private static double secondsSince(long micros) {
        return (Timestamps.nowMicros() - micros) / 1e6;
    }
}
