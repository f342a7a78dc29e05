package io.tickwire.gateway.observability;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.gateway.support.ManualQuoteFeed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/**
 * What makes a node unavailable to new clients: its link down, or its feed ended (an error until
 * the feed delivers again, a completion for good); never silence alone. Each change logged once.
 */
@ExtendWith(OutputCaptureExtension.class)
class FeedAvailabilityTest {

    @Nested
    class TheLink {

        @Test
        void downMakesTheFeedUnavailableWithItsReasonAndUpMakesItAvailableAgain() {
            SwitchedFeedLink link = new SwitchedFeedLink();
            FeedAvailability availability = new FeedAvailability(link);
            assertThat(availability.available()).isTrue();
            assertThat(availability.health().getStatus()).isEqualTo(Status.UP);

            link.cut();
            assertThat(availability.available()).isFalse();
            assertThat(availability.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(availability.health().getDetails()).containsEntry("reason", "its link is down");

            link.restore();
            assertThat(availability.available()).isTrue();
        }

        @Test
        void aChangeIsLoggedOnceHoweverOftenItIsAskedAbout(CapturedOutput output) {
            SwitchedFeedLink link = new SwitchedFeedLink();
            FeedAvailability availability = new FeedAvailability(link);
            link.cut();
            for (int i = 0; i < 1_000; i++) {
                availability.available();
                availability.health();
            }
            link.restore();
            for (int i = 0; i < 1_000; i++) {
                availability.available();
            }
            assertThat(output.getOut().lines().filter(l -> l.contains("Feed unavailable (its link is down)"))).hasSize(1);
            assertThat(output.getOut().lines().filter(l -> l.contains("Feed available again"))).hasSize(1);
        }
    }

    @Nested
    class TheFeedItself {

        @Test
        void isUnavailableFromAnErrorUntilItDeliversAgain() {
            ManualQuoteFeed first = new ManualQuoteFeed("AAPL");
            ManualQuoteFeed second = new ManualQuoteFeed("AAPL");
            FeedAvailability availability = new FeedAvailability(FeedLink.NONE);
            List<QuoteFeed> feeds = new ArrayList<>(List.of(first, second));
            // As the hub does: resubscribe after an error; here the second subscription reaches another feed.
            QuoteFeed watched = availability.watch(new QuoteFeed() {
                @Override
                public List<Instrument> instruments() {
                    return first.instruments();
                }

                @Override
                public Flux<FeedEvent> events() {
                    return Flux.defer(() -> feeds.remove(0).events());
                }
            });
            List<FeedEvent> seen = new ArrayList<>();
            Disposable hub = watched.events().retryWhen(Retry.max(1)).subscribe(seen::add);
            try {
                first.emit("AAPL");
                assertThat(availability.available()).isTrue();

                first.fail(new IllegalStateException("connection reset"));
                assertThat(availability.available()).isFalse();
                assertThat(availability.reason()).isEqualTo("the feed failed (IllegalStateException)");

                second.emit("AAPL");
                assertThat(availability.available()).isTrue();
                assertThat(seen).hasSize(2);
            }
            finally {
                hub.dispose();
            }
        }

        @Test
        void isUnavailableOnceItHasCompleted() {
            FeedAvailability availability = new FeedAvailability(FeedLink.NONE);
            QuoteFeed finite = new QuoteFeed() {
                @Override
                public List<Instrument> instruments() {
                    return List.of();
                }

                @Override
                public Flux<FeedEvent> events() {
                    return Flux.just(ManualQuoteFeed.quote("AAPL", 1));
                }
            };
            StepVerifier.create(availability.watch(finite).events()).expectNextCount(1).expectComplete()
                    .verify(PATIENCE);
            assertThat(availability.reason()).isEqualTo("the feed has ended");
        }

        @Test
        void isAvailableWhenItIsMerelySilent() {
            ManualQuoteFeed silent = new ManualQuoteFeed("AAPL");
            FeedAvailability availability = new FeedAvailability(FeedLink.NONE);
            Disposable hub = availability.watch(silent).events().subscribe();
            try {
                assertThat(availability.available()).isTrue();
            }
            finally {
                hub.dispose();
            }
        }
    }
}
