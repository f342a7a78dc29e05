package io.tickwire.gateway.delivery;

import static io.tickwire.gateway.support.HubFixture.reply;
import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.gateway.hub.ClientSession;
import io.tickwire.gateway.hub.HubSettings;
import io.tickwire.gateway.hub.SubscribeOptions;
import io.tickwire.gateway.hub.SubscribeResult;
import io.tickwire.gateway.hub.Transport;
import io.tickwire.gateway.observability.MetricNames;
import io.tickwire.gateway.support.HubFixture;
import io.tickwire.gateway.support.HubFixture.Reader;
import io.tickwire.gateway.support.HubFixture.Received;
import io.tickwire.gateway.wire.EncodedQuote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * {@code maxRate} ({@link Throttle}), in virtual time: a throttled symbol sends at most that many
 * quotes per second, each the newest when it goes; the rate can be capped, changed and lifted.
 * How a client asks for it on each transport is {@code continuity.MaxRateTest}'s.
 */
class ThrottleTest {

    private static final Duration TIMEOUT = PATIENCE;
    private static final Duration TICK = Duration.ofMillis(5);
    private static final long MS = 1_000_000;

    private static SubscribeOptions rate(double maxRate) {
        return new SubscribeOptions(SubscribeOptions.NO_CURSOR, maxRate);
    }

    /** Gaps between consecutive deliveries, in virtual milliseconds. */
    private static List<Long> gapsMillis(List<Received> deliveries) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < deliveries.size(); i++) {
            gaps.add((deliveries.get(i).atNanos() - deliveries.get(i - 1).atNanos()) / MS);
        }
        return gaps;
    }

    @Nested
    class AThrottledSymbol {

        @Test
        void tickingAt200PerSecondReachesAMaxRate2ClientTwiceASecondWithTheNewestQuote() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            assertThat(c.subscribe(List.of("A"), rate(2), r -> List.of()).maxRate()).isEqualTo(2);
            Reader reader = f.read(c, Long.MAX_VALUE);

            f.every(TICK, Duration.ofSeconds(4), () -> f.feed.emit("A"));

            List<Received> a = reader.quotesOf("A");
            // The first quote goes at once, then one every 500 ms: 8 in 4 s, give or take the edges.
            assertThat(a).hasSizeBetween(7, 9);
            // Never faster than the rate, and never later than one feed tick after the slot is due.
            assertThat(gapsMillis(a)).allSatisfy(gap -> assertThat(gap).isBetween(500L, 505L));
            // Each is the newest quote of A at the moment it left, not the one that started the wait.
            assertThat(a).allSatisfy(r -> assertThat(((EncodedQuote) r.message()).seq()).isEqualTo(r.symbolLatestSeq()));
            reader.cancel();
        }

        @Test
        void doesNotDelayTheClientsUnthrottledSymbols() {
            HubFixture f = new HubFixture("A", "B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), rate(2), r -> List.of());
            assertThat(c.subscribe(List.of("B"), SubscribeOptions.NONE, r -> List.of()).maxRate()).isZero();
            Reader reader = f.read(c, Long.MAX_VALUE);

            int bEmitted = 0;
            for (int step = 1; step <= 400; step++) {
                f.advance(TICK);
                f.feed.emit("A");
                if (step % 10 == 0) {
                    long seq = f.feed.emit("B").seq();
                    bEmitted++;
                    // Delivered while emit() ran: nothing of B waits for A's throttle.
                    assertThat(reader.received).last().extracting(Received::text).isEqualTo("B@" + seq);
                }
            }
            assertThat(reader.quotesOf("B")).hasSize(bEmitted);
            assertThat(reader.quotesOf("A")).hasSizeBetween(3, 5);
            reader.cancel();
        }

        @Test
        void countsTheHeldQuotesReplacedByNewerOnesAsConflatedUnderTheClientsTransport() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect(Transport.SSE);
            c.subscribe(List.of("A"), rate(2), r -> List.of());
            Reader reader = f.read(c, Long.MAX_VALUE);
            List<Long> emitted = new ArrayList<>();

            f.every(TICK, Duration.ofSeconds(2), () -> emitted.add(f.feed.emit("A").seq()));

            int delivered = reader.quotesOf("A").size();
            // The last quote is still held, not yet replaced: every other quote not delivered was conflated.
            assertThat(f.counter(MetricNames.MESSAGES_CONFLATED, MetricNames.TRANSPORT, "sse"))
                    .isEqualTo(emitted.size() - delivered - 1);
            assertThat(f.counter(MetricNames.MESSAGES_CONFLATED, MetricNames.TRANSPORT, "ws")).isZero();
            assertThat(f.counter(MetricNames.MESSAGES_SENT, MetricNames.TRANSPORT, "sse")).isEqualTo(delivered);
            reader.cancel();
        }
    }

    @Nested
    class TheRate {

        @Test
        void isCappedByTheServerWhichAlsoAppliesItWhenNoneIsRequested() {
            HubFixture f = new HubFixture(new HubSettings(1000, 256).withMaxRate(4), "A", "B", "C");
            ClientSession c = f.connect();
            assertThat(c.subscribe(List.of("A"), rate(10), r -> List.of()).maxRate()).isEqualTo(4);
            assertThat(c.subscribe(List.of("B"), SubscribeOptions.NONE, r -> List.of()).maxRate()).isEqualTo(4);
            assertThat(c.subscribe(List.of("C"), rate(1), r -> List.of()).maxRate()).isEqualTo(1);
            Reader reader = f.read(c, Long.MAX_VALUE);

            f.every(TICK, Duration.ofSeconds(2), () -> List.of("A", "B", "C").forEach(f.feed::emit));

            for (String capped : List.of("A", "B")) {
                List<Received> q = reader.quotesOf(capped);
                assertThat(q).as(capped).hasSizeBetween(7, 9);
                assertThat(gapsMillis(q)).as(capped).allSatisfy(gap -> assertThat(gap).isBetween(250L, 255L));
            }
            List<Received> slow = reader.quotesOf("C");
            assertThat(slow).hasSizeBetween(2, 3);
            assertThat(gapsMillis(slow)).allSatisfy(gap -> assertThat(gap).isBetween(1000L, 1005L));
            reader.cancel();
        }

        @Test
        void isAppliedAsRequestedWithoutAServerCap() {
            HubFixture f = new HubFixture("A", "B");
            ClientSession c = f.connect();
            assertThat(c.subscribe(List.of("A"), rate(2.5), r -> List.of()).maxRate()).isEqualTo(2.5);
            assertThat(c.subscribe(List.of("B"), SubscribeOptions.NONE, r -> List.of()).maxRate()).isZero();
        }

        @Test
        void changesWhenTheSymbolIsSubscribedAgainWithAnother() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), rate(2), r -> List.of());
            Reader reader = f.read(c, Long.MAX_VALUE);
            f.every(TICK, Duration.ofSeconds(2), () -> f.feed.emit("A"));
            int before = reader.quotesOf("A").size();
            assertThat(before).isBetween(3, 5);

            SubscribeResult again = c.subscribe(List.of("A"), rate(10), r -> List.of());
            assertThat(again.added()).isZero();
            assertThat(again.maxRate()).isEqualTo(10);
            f.every(TICK, Duration.ofSeconds(2), () -> f.feed.emit("A"));

            List<Received> after = reader.quotesOf("A").subList(before, reader.quotesOf("A").size());
            // The quote held when the rate changed keeps its old due time; from then on, one every 100 ms.
            assertThat(after).hasSizeBetween(18, 21);
            assertThat(gapsMillis(after)).allSatisfy(gap -> assertThat(gap).isBetween(100L, 105L));
            assertThat(after).allSatisfy(r -> assertThat(((EncodedQuote) r.message()).seq()).isEqualTo(r.symbolLatestSeq()));
            reader.cancel();
        }
    }

    /** The quote a throttled symbol holds until its next slot. */
    @Nested
    class AHeldQuote {

        @Test
        void losesNoOtherSymbolsQuoteWhenTheRateIsLifted() {
            HubFixture f = new HubFixture("A", "B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), rate(2), r -> List.of());
            c.subscribe(List.of("B"), r -> List.of());
            StepVerifier.create(c.outbound().map(HubFixture::describe), 0)
                    .then(() -> f.feed.emit("A"))                   // A@1
                    .thenRequest(1)
                    .expectNext(List.of("A@1"))                     // A is due again in 500 ms
                    .then(() -> {
                        f.feed.emit("A");                           // A@2, held
                        f.feed.emit("B");                           // B@3, pending: no demand
                        // Asking for no rate lifts the throttle of A, an already subscribed symbol.
                        assertThat(c.subscribe(List.of("A"), SubscribeOptions.NONE, r -> List.of(reply("\"ack\"")))
                                .maxRate()).isZero();
                        f.feed.emit("A");                           // A@4
                    })
                    .thenRequest(1)
                    .expectNext(List.of("\"ack\"", "B@3", "A@4"))
                    .then(() -> f.advance(Duration.ofSeconds(1)))   // past the time A@2 was held for
                    .then(() -> f.feed.emit("B"))
                    .thenRequest(1)
                    .expectNext(List.of("B@5"))
                    .thenCancel()
                    .verify(TIMEOUT);
        }

        @Test
        void doesNotDelayTheSymbolsNextQuoteOnceTheRateIsLifted() {
            HubFixture f = new HubFixture("A");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), rate(2), r -> List.of());
            Reader reader = f.read(c, Long.MAX_VALUE);
            f.feed.emit("A");                                       // A@1, sent; A is due again at 500 ms
            f.advance(TICK);
            f.feed.emit("A");                                       // A@2, held until 500 ms
            c.subscribe(List.of("A"), SubscribeOptions.NONE, r -> List.of());

            long a3 = f.feed.emit("A").seq();
            assertThat(reader.received).last().extracting(Received::text).isEqualTo("A@" + a3);
            f.advance(Duration.ofSeconds(1));                       // past the time A@2 was held for
            long a4 = f.feed.emit("A").seq();
            assertThat(reader.received).last().extracting(Received::text).isEqualTo("A@" + a4);

            List<Long> seqs = reader.quotesOf("A").stream().map(r -> ((EncodedQuote) r.message()).seq()).toList();
            assertThat(seqs).startsWith(1L).endsWith(a3, a4).isSorted().doesNotHaveDuplicates();
            reader.cancel();
        }

        @Test
        void isDroppedWhenTheSymbolIsUnsubscribed() {
            HubFixture f = new HubFixture("A", "B");
            ClientSession c = f.connect();
            c.subscribe(List.of("A"), rate(2), r -> List.of());
            c.subscribe(List.of("B"), r -> List.of());
            StepVerifier.create(c.outbound().map(HubFixture::describe))
                    .then(() -> f.feed.emit("A"))
                    .expectNext(List.of("A@1"))
                    .then(() -> {
                        f.feed.emit("A");                           // A@2, held for 500 ms
                        assertThat(c.unsubscribe(List.of("A"))).isEqualTo(1);
                        c.reply(reply("\"unsubscribed\""));
                    })
                    .expectNext(List.of("\"unsubscribed\""))
                    .then(() -> f.advance(Duration.ofSeconds(2)))
                    .then(() -> f.feed.emit("B"))
                    .expectNext(List.of("B@3"))
                    .expectNoEvent(Duration.ZERO)
                    .thenCancel()
                    .verify(TIMEOUT);
            assertThat(f.hub.subscriptions()).isEqualTo(1);
        }
    }
}
