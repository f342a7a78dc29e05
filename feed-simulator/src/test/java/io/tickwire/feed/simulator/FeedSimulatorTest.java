package io.tickwire.feed.simulator;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

/** The simulator as a {@link io.tickwire.feed.QuoteFeed}: its pacing, its replay, and the market it announces. */
class FeedSimulatorTest {

    static final Instant EPOCH = Instant.parse("2025-11-21T14:30:00Z");
    static final Duration VERIFY_TIMEOUT = PATIENCE;

    static FeedSimulator simulator(FeedConfig config) {
        VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
        return new FeedSimulator(config, vts, () -> EPOCH.plusNanos(vts.now(TimeUnit.NANOSECONDS)));
    }

    @Nested
    class Pacing {

        @Test
        void emitsTheConfiguredRate() {
            StepVerifier.withVirtualTime(() -> simulator(FeedConfig.of(1).withRate(1_000)).quotes())
                    .thenAwait(Duration.ofSeconds(5))
                    .expectNextCount(5_000)
                    .expectNoEvent(Duration.ofNanos(999_999))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNextCount(1)
                    .thenCancel()
                    .verify(VERIFY_TIMEOUT);
        }

        @Test
        void fractionalRatesAccumulateAcrossTicks() {
            StepVerifier.withVirtualTime(() -> simulator(FeedConfig.of(1).withRate(0.5)).quotes())
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(1_999))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNextCount(1)
                    .expectNoEvent(Duration.ofMillis(1_999))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNextCount(1)
                    .thenCancel()
                    .verify(VERIFY_TIMEOUT);
        }

        @Test
        void seqIsGapFreeAndTsIsTheClockInMicroseconds() {
            List<Quote> quotes = new ArrayList<>();
            StepVerifier.withVirtualTime(() -> simulator(FeedConfig.of(9).withRate(10_000).withFirstSeq(500)).quotes())
                    .thenAwait(Duration.ofSeconds(2))
                    .recordWith(() -> quotes)
                    .expectNextCount(20_000)
                    .thenCancel()
                    .verify(VERIFY_TIMEOUT);

            long epochMicros = Timestamps.epochMicros(EPOCH);
            for (int i = 0; i < quotes.size(); i++) {
                Quote q = quotes.get(i);
                assertThat(q.seq()).isEqualTo(500 + i);
                // 10 quotes fall due at each 1 ms tick, all stamped with that tick's time.
                assertThat(q.ts()).isEqualTo(epochMicros + (i / 10 + 1) * 1_000L);
            }
        }

        @Test
        void aBacklogIsSkippedAndCountedNotBurstOrBuffered() {
            VirtualTimeScheduler vts = VirtualTimeScheduler.create();
            FeedSimulator sim = new FeedSimulator(FeedConfig.of(1).withRate(1_000), vts,
                    () -> EPOCH.plusNanos(vts.now(TimeUnit.NANOSECONDS)));
            TestSubscriber<Quote> subscriber = TestSubscriber.builder().initialRequest(10).build();
            sim.quotes().subscribe(subscriber);

            vts.advanceTimeBy(Duration.ofSeconds(1));
            // No demand for most of a second: nothing was made past the demand, nothing queued.
            assertThat(subscriber.getReceivedOnNext()).hasSize(10);

            subscriber.request(Long.MAX_VALUE);
            // The quote made just before demand ran out...
            assertThat(subscriber.getReceivedOnNext()).hasSize(11);
            vts.advanceTimeBy(Duration.ofMillis(1));
            // ...then at the next tick at most 100 ms worth, the rest of the second skipped and counted.
            assertThat(subscriber.getReceivedOnNext()).hasSize(111);
            assertThat(sim.skippedQuotes()).isEqualTo(1_001 - 111);
            vts.advanceTimeBy(Duration.ofMillis(1));
            assertThat(subscriber.getReceivedOnNext()).hasSize(112);

            assertThat(subscriber.getReceivedOnNext()).extracting(Quote::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 112).boxed().toList());
            subscriber.cancel();
        }
    }

    @Nested
    class Replay {

        @Test
        void eachSubscriptionReplaysTheSameSeededMarket() {
            FeedConfig config = FeedConfig.of(77).withRate(2_000);
            List<Quote> first = new ArrayList<>();
            List<Quote> second = new ArrayList<>();
            StepVerifier.withVirtualTime(() -> simulator(config).quotes().take(3_000))
                    .thenAwait(Duration.ofSeconds(2))
                    .recordWith(() -> first).expectNextCount(3_000).verifyComplete();
            StepVerifier.withVirtualTime(() -> simulator(config).quotes().take(3_000))
                    .thenAwait(Duration.ofSeconds(2))
                    .recordWith(() -> second).expectNextCount(3_000).verifyComplete();

            assertThat(second).extracting(Quote::symbol, Quote::seq, Quote::bid, Quote::ask, Quote::volume)
                    .isEqualTo(first.stream().map(q -> Tuple.tuple(
                            q.symbol(), q.seq(), q.bid(), q.ask(), q.volume())).toList());
        }
    }

    @Nested
    class TheMarket {

        /** A simulator on a scheduler of its own, never installed globally: for what it says before it runs. */
        FeedSimulator unstarted(FeedConfig config) {
            return new FeedSimulator(config, VirtualTimeScheduler.create(), InstantSource.system());
        }

        @Test
        void announcesEveryKindOfInstrumentOfItsUniverseMostActiveFirst() {
            List<Instrument> instruments = unstarted(FeedConfig.of(1)).instruments();
            assertThat(instruments).isEqualTo(SymbolUniverse.builtIn().instruments());
            assertThat(instruments).extracting(Instrument::type)
                    .contains(InstrumentType.EQUITY, InstrumentType.ETF, InstrumentType.FX, InstrumentType.CRYPTO,
                            InstrumentType.FUTURE);
            assertThat(unstarted(FeedConfig.of(1).withUniverse(SymbolUniverse.parse("EUR/USD,AAPL"))).instruments())
                    .extracting(Instrument::symbol).containsExactly("EUR/USD", "AAPL");
        }

        @Test
        void everyQuoteItStreamsFitsTheInstrumentItAnnounced() {
            FeedConfig config = FeedConfig.of(5).withRate(20_000);
            Map<String, Instrument> announced = new HashMap<>();
            unstarted(config).instruments().forEach(i -> announced.put(i.symbol(), i));
            List<FeedEvent> events = new ArrayList<>();
            StepVerifier.withVirtualTime(() -> simulator(config).events().take(40_000))
                    .thenAwait(Duration.ofSeconds(2))
                    .recordWith(() -> events).expectNextCount(40_000).verifyComplete();

            assertThat(events).allSatisfy(e -> {
                Quote q = (Quote) e;
                assertThat(announced).containsKey(q.symbol());
                assertThat(announced.get(q.symbol()).refusal(q)).as("%s", q).isNull();
            });
        }
    }
}
