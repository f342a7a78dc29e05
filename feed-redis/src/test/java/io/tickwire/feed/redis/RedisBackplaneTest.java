package io.tickwire.feed.redis;

import static io.tickwire.testing.Patience.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.FeedSnapshot;
import io.tickwire.feed.Quote;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.InstrumentsDefined;
import io.tickwire.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** The backplane against a real redis-server: what publishers put in, what a gateway's feed reads out. */
class RedisBackplaneTest {

    private static final Duration TIMEOUT = PATIENCE;
    private static final List<Instrument> SYMBOLS = List.of(Instrument.equity("AAPL", "Apple Inc."),
            Instrument.equity("MSFT", "Microsoft Corporation"), Instrument.equity("SPY", "SPDR S&P 500 ETF Trust"));

    @TempDir
    Path dir;
    RedisServer redis;
    RedisQuotePublisher publisher;

    @BeforeEach
    void start() {
        redis = RedisServer.start(dir);
        publisher = new RedisQuotePublisher(RedisURI.create(redis.url()), 1_000_000);
        publisher.install().then(publisher.define(SYMBOLS)).block(TIMEOUT);
    }

    @AfterEach
    void stop() {
        publisher.close();
        redis.close();
    }

    static Quote quote(String symbol, int i) {
        double bid = 100 + i % 500 / 100.0;
        return new Quote(symbol, 0, 1_763_712_000_000_000L + i, bid, bid + 0.01, bid, 100, 200, 100, 1000 + i, 99.5);
    }

    /** {@code n} quotes over the three symbols in turn, from {@code from}. */
    static List<Quote> quotes(int from, int n) {
        return IntStream.range(from, from + n).mapToObj(i -> quote(SYMBOLS.get(i % 3).symbol(), i)).toList();
    }

    List<Long> publish(List<Quote> quotes) {
        return publisher.publish(quotes).block(TIMEOUT);
    }

    @Nested
    class Publishing {

        @Test
        void stampsConsecutiveSeqsWithinACallAndLaterOnesAcrossCallsAsOneEntryEachAndKeepsEachSymbolsLatest() {
            List<Long> first = publish(quotes(0, 500));
            List<Long> second = publish(quotes(500, 3));
            assertThat(first).hasSize(500);
            assertThat(second.get(0)).isGreaterThan(first.get(499));
            for (int i = 1; i < first.size(); i++) {
                assertThat(first.get(i)).isEqualTo(first.get(i - 1) + 1);
            }
            assertThat(redis.command("XLEN tickwire:quotes")).as("the definition and one entry a call").isEqualTo(":3");
            assertThat(redis.command("HLEN tickwire:latest")).isEqualTo(":3");
            assertThat(publisher.published()).isEqualTo(503);
        }

        @Test
        void aNewLifeStartsFromRedissClockInMicrosecondsBelowTwoToThe53() {
            long seq = publish(quotes(0, 1)).get(0);
            long nowMicros = System.currentTimeMillis() * 1000;
            assertThat(seq).isBetween(nowMicros - 60_000_000L, nowMicros + 60_000_000L).isLessThan(Quote.MAX_SEQ);
        }

        @Test
        void aBatchWithOneBadQuoteIsRefusedWholeNamingIt() {
            publish(quotes(0, 3));
            List<Quote> batch = new ArrayList<>(quotes(3, 3));
            batch.set(1, new Quote("NOPE", 0, 1, 10, 10.01, 10, 1, 1, 1, 0, 10));
            assertThatThrownBy(() -> publish(batch))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("quote 2 (NOPE)").hasMessageContaining("unknown symbol");
            assertThat(redis.command("XLEN tickwire:quotes")).isEqualTo(":3");
            assertThat(publisher.failed()).isEqualTo(3);
        }

        @Test
        void aRedisThatLostItsDataGetsTheLibraryAndTheInstrumentsAgainAndSeqKeepsGrowing() {
            long before = publish(quotes(0, 10)).get(9);
            redis.stop(false);
            redis.restart();
            long after = publish(quotes(10, 1)).get(0);
            assertThat(after).isGreaterThan(before);
            assertThat(redis.command("HLEN tickwire:instruments")).isEqualTo(":3");
        }
    }

    @Nested
    class Following {

        RedisQuoteFeed feed;
        final BlockingQueue<FeedEvent> events = new LinkedBlockingQueue<>();
        Disposable subscription;

        @BeforeEach
        void feed() {
            feed = new RedisQuoteFeed(RedisURI.create(redis.url()), RedisFeedSettings.defaults()
                    .withStreamMaxLen(1_000_000));
        }

        @AfterEach
        void close() {
            if (subscription != null) {
                subscription.dispose();
            }
            feed.close();
        }

        void follow() {
            subscription = feed.events().subscribe(events::add);
        }

        FeedEvent next() throws InterruptedException {
            FeedEvent e = events.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an event (a hang after " + TIMEOUT + ")").isNotNull();
            return e;
        }

        /** Quotes until the one with {@code seq}, announcements skipped; fails on a snapshot. */
        List<Long> seqsThrough(long seq) throws InterruptedException {
            List<Long> out = new ArrayList<>();
            while (out.isEmpty() || out.get(out.size() - 1) < seq) {
                FeedEvent e = next();
                assertThat(e).isNotInstanceOf(FeedSnapshot.class);
                if (e instanceof Quote q) {
                    out.add(q.seq());
                }
            }
            return out;
        }

        @Test
        void startsFromTheLatestQuotesAndThePositionThenReadsEveryLaterQuoteOnce() throws Exception {
            List<Long> before = publish(quotes(0, 100));
            follow();
            FeedSnapshot snapshot = (FeedSnapshot) next();
            assertThat(snapshot.position()).isEqualTo(before.get(99));
            assertThat(snapshot.instruments()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
            assertThat(snapshot.latest()).extracting(Quote::seq)
                    .containsExactlyInAnyOrder(before.get(97), before.get(98), before.get(99));
            List<Long> after = publish(quotes(100, 2000));
            assertThat(seqsThrough(after.get(1999))).isEqualTo(after);
            assertThat(feed.stats().quotesRead()).isEqualTo(2000);
        }

        @Test
        void anInstrumentDefinedLaterIsPassedOnAheadOfItsFirstQuoteAndARedefinitionInStreamOrder() throws Exception {
            follow();
            assertThat(next()).isInstanceOf(FeedSnapshot.class);
            Instrument btc = new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.01, 2, 8);
            publisher.define(List.of(btc)).block(TIMEOUT);
            Quote fractional = new Quote("BTC-USD", 0, 1, 97123.45, 97123.46, 97123.46, 0.0153, 1.5, 0.0001, 12.5, 95000);
            long seq = publish(List.of(fractional)).get(0);
            assertThat(((InstrumentsDefined) next()).instruments()).containsExactly(btc);
            Quote read = (Quote) next();
            assertThat(read).isEqualTo(fractional.withSeq(seq));

            Instrument finer = new Instrument("BTC-USD", "Bitcoin", InstrumentType.CRYPTO, "USD", 0.001, 3, 8);
            publisher.define(List.of(finer)).block(TIMEOUT);
            long finerSeq = publish(List.of(new Quote("BTC-USD", 0, 1, 97123.451, 97123.46, 97123.46, 1, 1, 1, 13, 95000)))
                    .get(0);
            assertThat(((InstrumentsDefined) next()).instruments()).containsExactly(finer);
            assertThat(((Quote) next()).seq()).isEqualTo(finerSeq);
        }

        @Test
        void aSymbolAnnouncedByNameIsAnEquityPassedOnAheadOfItsFirstQuoteOrByItself() throws Exception {
            follow();
            assertThat(next()).isInstanceOf(FeedSnapshot.class);
            redis.command("HSET tickwire:symbols NVDA \"NVIDIA Corporation\"");
            long seq = publish(List.of(quote("NVDA", 1))).get(0);
            FeedEvent e = next();
            assertThat(((InstrumentsDefined) e).instruments()).contains(Instrument.equity("NVDA", "NVIDIA Corporation"));
            assertThat(((Quote) next()).seq()).isEqualTo(seq);

            redis.command("HSET tickwire:symbols QQQ \"Invesco QQQ Trust\"");
            InstrumentsDefined a = (InstrumentsDefined) next();
            assertThat(a.instruments()).containsExactly(Instrument.equity("QQQ", "Invesco QQQ Trust"));
        }

        @Test
        void afterARedisOutageItContinuesFromTheLastEntryReadWithNothingLost() throws Exception {
            List<Long> first = publish(quotes(0, 50));
            follow();
            assertThat(next()).isInstanceOf(FeedSnapshot.class);
            List<Long> second = publish(quotes(50, 50));
            assertThat(seqsThrough(second.get(49))).isEqualTo(second);

            redis.stop(true);
            redis.restart();
            List<Long> third = publish(quotes(100, 50));
            assertThat(seqsThrough(third.get(49))).isEqualTo(third);
            assertThat(third.get(0)).isGreaterThan(second.get(49));
            assertThat(feed.stats().reconnects()).isPositive();
            assertThat(feed.stats().gaps()).isZero();
            assertThat(first).isNotEmpty();
        }

        @Test
        void readsNoFurtherAheadThanItsSubscriberAndAfterBeingTrimmedPastReadsASnapshot() {
            RedisFeedSettings small = new RedisFeedSettings(10, 5, Duration.ofMillis(200), Duration.ofSeconds(1),
                    Duration.ofMillis(50), Duration.ofMillis(500));
            try (RedisQuoteFeed slow = new RedisQuoteFeed(RedisURI.create(redis.url()), small)) {
                publish(quotes(0, 5));
                List<Long> last = new ArrayList<>();
                StepVerifier.create(slow.events(), 1)
                        .expectNextMatches(e -> e instanceof FeedSnapshot)
                        .then(() -> {
                            for (int i = 5; i < 2005; i += 5) {
                                last.addAll(publish(quotes(i, 5)));
                            }
                        })
                        .then(() -> assertThat(slow.stats().quotesRead())
                                .as("at most a couple of reads of 5 ahead of a subscriber that asks for nothing")
                                .isLessThanOrEqualTo(15))
                        .thenRequest(Long.MAX_VALUE)
                        .thenConsumeWhile(e -> !(e instanceof FeedSnapshot))
                        .assertNext(e -> assertThat(((FeedSnapshot) e).position()).isEqualTo(last.get(last.size() - 1)))
                        .thenCancel()
                        .verify(TIMEOUT);
                assertThat(slow.stats().gaps()).isEqualTo(1);
                assertThat(slow.stats().position()).isEqualTo(last.get(last.size() - 1));
            }
        }

        @Test
        void aFailoverToAReplicaThatMissedTheLastEntryIsNoticedByTheChainAndReadFromASnapshot() throws Exception {
            follow();
            assertThat(next()).isInstanceOf(FeedSnapshot.class);
            List<Long> before = publish(quotes(0, 3));
            List<Long> lost = publish(quotes(3, 3));
            assertThat(seqsThrough(lost.get(2))).containsExactlyElementsOf(concat(before, lost));
            // What a replica a write behind holds: the stream and the seq as of the entry before.
            redis.command("XDEL tickwire:quotes " + lost.get(2) + "-0");
            redis.command("SET tickwire:seq " + before.get(2));
            List<Long> after = publish(quotes(6, 3));
            assertThat(after.get(0)).as("seq keeps going forward by Redis's clock").isGreaterThan(lost.get(2));
            FeedSnapshot s = (FeedSnapshot) next();
            assertThat(s.position()).isEqualTo(after.get(2));
            assertThat(s.latest()).extracting(Quote::seq).contains(after.get(2));
            assertThat(feed.stats().gaps()).isEqualTo(1);
        }

        static List<Long> concat(List<Long> a, List<Long> b) {
            List<Long> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        @Test
        void aRedisThatCameBackEmptyIsANewLifeReadFromASnapshot() throws Exception {
            follow();
            assertThat(next()).isInstanceOf(FeedSnapshot.class);
            List<Long> before = publish(quotes(0, 10));
            assertThat(seqsThrough(before.get(9))).isEqualTo(before);

            redis.stop(false);
            redis.restart();
            // The publisher defines its instruments again first (an entry of the new life too), then publishes.
            List<Long> after = publish(quotes(10, 5));
            assertThat(after.get(0)).isGreaterThan(before.get(9));
            FeedEvent e = next();
            assertThat(e).as("nothing of the new life before a snapshot").isInstanceOf(FeedSnapshot.class);
            FeedSnapshot s = (FeedSnapshot) e;
            List<Long> seen = new ArrayList<>(s.latest().stream().map(Quote::seq).toList());
            if (s.position() < after.get(4)) {
                // The snapshot was read between the definition and the quotes: they follow it, live.
                seen.addAll(seqsThrough(after.get(4)));
            }
            assertThat(seen).contains(after.get(4));
            assertThat(feed.stats().gaps()).isEqualTo(1);
        }
    }
}
