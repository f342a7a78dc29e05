package io.tickwire.gateway.hub;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.FeedSnapshot;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentsDefined;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.support.ManualQuoteFeed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** What the hub does with a feed's events besides quotes: symbols announced later, and snapshots. */
class FeedEventsTest {

    private static final Duration TIMEOUT = PATIENCE;

    @Nested
    class ASymbolAnnouncedAfterStart {

        @Test
        void becomesSubscribableAndListedAndItsQuotesFlow() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            assertThat(c.subscribe(List.of("NEW"), r -> List.of()).unknown()).containsExactly("NEW");
            f.feed.emit(ManualQuoteFeed.quote("NEW", 1));
            assertThat(f.counter(MetricNames.FEED_QUOTES_REJECTED, MetricNames.REASON, "unknown_symbol")).isEqualTo(1);

            f.feed.announce("NEW");
            assertThat(f.hub.instruments()).extracting(s -> s.symbol()).containsExactly("A", "NEW");
            SubscribeResult r = c.subscribe(List.of("NEW"), x -> List.of());
            assertThat(r.unknown()).isEmpty();
            assertThat(r.added()).isEqualTo(1);
            StepVerifier.create(c.outbound().map(HubFixture::describe))
                    .then(() -> f.feed.emit(ManualQuoteFeed.quote("NEW", 2)))
                    .expectNext(List.of("NEW@2"))
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void announcedAgainKeepsItsPlaceAndTakesItsNewName() {
            HubFixture f = new HubFixture("A", "B");
            List<?> before = f.hub.instruments();
            f.feed.announce("A");
            assertThat(f.hub.instruments()).as("nothing changed").isSameAs(before);
            f.feed.send(new InstrumentsDefined(List.of(Instrument.equity("A", "Alpha Holdings"))));
            assertThat(f.hub.instruments()).containsExactly(Instrument.equity("A", "Alpha Holdings"),
                    ManualQuoteFeed.info("B"));
        }

        @Test
        void isNotAddedToAWildcardSubscriptionMadeBefore() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            c.subscribe(List.of("*"), r -> List.of());
            f.feed.announce("B");
            assertThat(c.subscriptions()).isEqualTo(1);
            assertThat(c.subscribe(List.of("*"), r -> List.of()).added()).isEqualTo(1);
        }
    }

    @Nested
    class ASnapshotFromTheFeed {

        @Test
        void bringsTheLatestQuotesAndThePositionToAHubThatJoinsLate() {
            HubFixture f = new HubFixture();
            f.feed.send(new FeedSnapshot(List.of(ManualQuoteFeed.info("A"), ManualQuoteFeed.info("B")),
                    List.of(ManualQuoteFeed.quote("B", 40), ManualQuoteFeed.quote("A", 41)), 50));
            assertThat(f.hub.latestSeq()).isEqualTo(50);
            assertThat(f.hub.latest("A").seq()).isEqualTo(41);
            ClientSession c = f.connect();
            c.subscribe(List.of("A", "B"), r -> List.of());
            f.feed.skipTo(50);
            StepVerifier.create(c.outbound().map(HubFixture::describe))
                    .expectNext(List.of("B@40", "A@41"))
                    .then(() -> f.feed.emit("A"))
                    .expectNext(List.of("A@51"))
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void offersOnlyWhatIsNewerToSubscribersInSeqOrder() {
            HubFixture f = new HubFixture("A", "B", "C");
            ClientSession c = f.connect();
            c.subscribe(List.of("*"), r -> List.of());
            Quote a1 = f.feed.emit("A");
            StepVerifier.create(c.outbound().map(HubFixture::describe))
                    .expectNext(List.of("A@" + a1.seq()))
                    // After a gap: A unchanged, C and B moved on (given newest first, offered oldest first).
                    .then(() -> f.feed.send(new FeedSnapshot(List.of(), List.of(a1,
                            ManualQuoteFeed.quote("C", 9), ManualQuoteFeed.quote("B", 7)), 10)))
                    .expectNext(List.of("B@7"), List.of("C@9"))
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(f.hub.latestSeq()).isEqualTo(10);
            assertThat(f.counter(MetricNames.FEED_QUOTES_REJECTED, MetricNames.REASON, "stale")).isEqualTo(1);
        }
    }
}
