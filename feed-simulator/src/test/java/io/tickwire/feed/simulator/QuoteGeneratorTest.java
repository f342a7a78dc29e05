package io.tickwire.feed.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.feed.Decimals;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentType;
import io.tickwire.feed.Quote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The market {@link QuoteGenerator} makes: valid quotes of every kind, in order, popular and volatile as they should be. */
class QuoteGeneratorTest {

    static final long TS = 1_763_712_000_000_000L;
    static final SymbolUniverse UNIVERSE = SymbolUniverse.builtIn();

    static void run(SymbolUniverse universe, long seed, int n, double rate, double zipf, Consumer<Quote> each) {
        QuoteGenerator g = new QuoteGenerator(universe.profiles(), rate, zipf, seed, 1);
        for (int i = 0; i < n; i++) {
            each.accept(g.next(TS + i));
        }
    }

    static List<Quote> generate(long seed, int n, double rate, double zipf) {
        List<Quote> out = new ArrayList<>(n);
        run(UNIVERSE, seed, n, rate, zipf, out::add);
        return out;
    }

    static Map<String, Instrument> bySymbol(SymbolUniverse universe) {
        Map<String, Instrument> m = new HashMap<>();
        universe.instruments().forEach(i -> m.put(i.symbol(), i));
        return m;
    }

    @Nested
    class EveryQuote {

        /** Checks every quote against its instrument; returns how many of each kind it saw. */
        Map<InstrumentType, Integer> assertAllExact(SymbolUniverse universe, long seed, int n, double zipf) {
            Map<String, Instrument> instruments = bySymbol(universe);
            Map<InstrumentType, Integer> seen = new EnumMap<>(InstrumentType.class);
            List<String> refused = new ArrayList<>();
            run(universe, seed, n, 1_000, zipf, q -> {
                Instrument i = instruments.get(q.symbol());
                String why = i.refusal(q);
                if (why != null && refused.size() < 10) {
                    refused.add(why + " in " + q);
                }
                seen.merge(i.type(), 1, Integer::sum);
            });
            assertThat(refused).isEmpty();
            return seen;
        }

        @Test
        void isExactAtItsInstrumentsPrecisionWhateverItsKind() {
            // Popular symbols run long (Zipf), every symbol runs often (uniform).
            Map<InstrumentType, Integer> zipf = assertAllExact(UNIVERSE, 1, 1_000_000, 1.0);
            Map<InstrumentType, Integer> uniform = assertAllExact(UNIVERSE, 2, 1_000_000, 0.0);
            for (Map<InstrumentType, Integer> seen : List.of(zipf, uniform)) {
                assertThat(seen).containsOnlyKeys(InstrumentType.EQUITY, InstrumentType.ETF, InstrumentType.FX,
                        InstrumentType.CRYPTO, InstrumentType.FUTURE);
                assertThat(seen.values()).allSatisfy(count -> assertThat(count).isGreaterThan(50_000));
            }
            assertAllExact(SymbolUniverse.parse("1000"), 3, 500_000, 1.0);
        }

        @Test
        void usStocksStayOnCentsInRoundLots() {
            Map<String, Instrument> instruments = bySymbol(UNIVERSE);
            for (Quote q : generate(7, 300_000, 1_000, 1.0)) {
                if (instruments.get(q.symbol()).type() != InstrumentType.EQUITY) {
                    continue;
                }
                assertThat(List.of(q.bid(), q.ask(), q.last(), q.open()))
                        .as("prices of %s", q).allMatch(p -> Decimals.units(p, 2) >= 1);
                assertThat(List.of(q.bidSize(), q.askSize(), q.lastSize()))
                        .as("sizes of %s", q).allMatch(s -> s > 0 && s % 100 == 0);
            }
        }

        @Test
        void currencyPairsUseTheirFifthDecimalOrTheYensThirdAndQuoteMillionsWithinAPip() {
            List<String> majors = List.of("EUR/USD", "USD/JPY", "GBP/USD", "USD/CHF", "AUD/USD", "USD/CAD", "NZD/USD");
            Map<String, List<Quote>> q = quotesOf(majors.toArray(String[]::new));
            assertThat(q.get("EUR/USD")).hasSizeGreaterThan(1_000)
                    .anyMatch(x -> Decimals.units(x.bid(), 5) % 10 != 0)
                    .allMatch(x -> x.bidSize() % 100_000 == 0 && x.lastSize() % 100_000 == 0)
                    .anyMatch(x -> x.bidSize() >= 1_000_000);
            assertThat(q.get("USD/JPY")).hasSizeGreaterThan(1_000)
                    .anyMatch(x -> Decimals.units(x.ask(), 3) % 10 != 0);
            // A pip is 0.0001, or 0.01 for the yen: ten ticks either way.
            for (String pair : majors) {
                assertThat(medianSpreadInTicks(q.get(pair), pair.endsWith("JPY") ? 3 : 5)).as(pair).isBetween(1L, 10L);
            }
        }

        @Test
        void coinSizesAreFractionalDownToTheSatoshi() {
            List<Quote> btc = quotesOf("BTC-USD").get("BTC-USD");
            assertThat(btc).hasSizeGreaterThan(1_000)
                    .anyMatch(x -> x.bidSize() != Math.rint(x.bidSize()))
                    .anyMatch(x -> x.lastSize() < 1)
                    .anyMatch(x -> Decimals.units(x.askSize(), 8) % 10 != 0);
            double[] sizes = btc.stream().mapToDouble(Quote::bidSize).sorted().toArray();
            assertThat(sizes[sizes.length / 2]).as("median BTC at the bid").isBetween(0.05, 2.0);
        }

        @Test
        void eMiniPricesStayOnQuarterPointsAndTheBookIsMostlyOneTickWide() {
            List<Quote> es = quotesOf("ESZ6").get("ESZ6");
            assertThat(es).hasSizeGreaterThan(1_000)
                    .allMatch(x -> x.bid() * 4 == Math.rint(x.bid() * 4) && x.ask() * 4 == Math.rint(x.ask() * 4))
                    .allMatch(x -> x.bidSize() == Math.rint(x.bidSize()) && x.volume() == Math.rint(x.volume()));
            assertThat(es).extracting(x -> (long) (x.bid() * 4) % 4).contains(0L, 1L, 2L, 3L);
            assertThat(es.stream().filter(x -> x.ask() - x.bid() == 0.25).count()).isGreaterThan(es.size() / 2);
        }

        @Test
        void treasuryNotePricesStayOnSixtyFourthsOfAPoint() {
            List<Quote> zn = quotesOf("ZNZ6").get("ZNZ6");
            assertThat(zn).hasSizeGreaterThan(500)
                    .allMatch(x -> x.bid() * 64 == Math.rint(x.bid() * 64))
                    .anyMatch(x -> (long) (x.bid() * 64) % 2 == 1);
        }

        Map<String, List<Quote>> quotesOf(String... symbols) {
            Map<String, List<Quote>> out = new HashMap<>();
            for (String s : symbols) {
                out.put(s, new ArrayList<>());
            }
            run(UNIVERSE, 5, 2_000_000, 1_000, 1.0, q -> {
                List<Quote> l = out.get(q.symbol());
                if (l != null) {
                    l.add(q);
                }
            });
            return out;
        }

        long medianSpreadInTicks(List<Quote> quotes, int decimals) {
            long[] spreads = quotes.stream()
                    .mapToLong(x -> Decimals.units(x.ask(), decimals) - Decimals.units(x.bid(), decimals))
                    .sorted().toArray();
            return spreads[spreads.length / 2];
        }
    }

    @Nested
    class TheSequence {

        @Test
        void seqIsContiguousAndVolumeAndOpenBehavePerSymbol() {
            Map<String, Instrument> instruments = bySymbol(UNIVERSE);
            Map<String, Quote> previous = new HashMap<>();
            long[] expectedSeq = {1};
            run(UNIVERSE, 11, 200_000, 5_000, 1.0, q -> {
                assertThat(q.seq()).isEqualTo(expectedSeq[0]++);
                Quote p = previous.put(q.symbol(), q);
                if (p != null) {
                    int d = instruments.get(q.symbol()).sizeDecimals();
                    long grown = Decimals.units(q.volume(), d) - Decimals.units(p.volume(), d);
                    assertThat(grown).as("volume of %s", q.symbol()).isNotNegative();
                    assertThat(q.open()).as("open of %s", q.symbol()).isEqualTo(p.open());
                    if (grown > 0) {
                        assertThat(grown).isEqualTo(Decimals.units(q.lastSize(), d));
                    }
                }
            });
            assertThat(previous).hasSize(UNIVERSE.size());
        }

        @Test
        void volumeStopsGrowingWhereDoublesWouldStopBeingExact() {
            // Trades of about 10^15 units: the exact range (2^53) fills in a few dozen.
            Instrument huge = new Instrument("HUGE-USD", "Huge", InstrumentType.CRYPTO, "USD", 0.01, 2, 0);
            SymbolProfile p = SymbolProfile.of(huge, 100, 0.5, new SizeModel(100_000_000_000_000L, 1, 10, 50));
            QuoteGenerator g = new QuoteGenerator(List.of(p), 1_000, 1.0, 1, 1);
            double volume = 0;
            for (int i = 0; i < 10_000; i++) {
                Quote q = g.next(TS + i);
                assertThat(huge.refusal(q)).as("%s", q).isNull();
                assertThat(q.volume()).isGreaterThanOrEqualTo(volume).isLessThan(Decimals.MAX_UNITS);
                volume = q.volume();
            }
            assertThat(volume).isGreaterThan(Decimals.MAX_UNITS * 0.9);
        }

        @Test
        void theMarketIsTheSameWhateverSeqItStartsFrom() {
            // The gateway numbers from its start time in microseconds, so that seq never goes back.
            QuoteGenerator fromOne = new QuoteGenerator(UNIVERSE.profiles(), 1_000, 1.0, 3, 1);
            QuoteGenerator fromNow = new QuoteGenerator(UNIVERSE.profiles(), 1_000, 1.0, 3, TS);
            for (int i = 0; i < 10_000; i++) {
                Quote a = fromOne.next(TS + i);
                Quote b = fromNow.next(TS + i);
                assertThat(b.seq()).isEqualTo(TS + i);
                assertThat(b.withSeq(a.seq())).isEqualTo(a);
            }
        }

        @Test
        void sameSeedMakesTheSameMarketAndAnotherSeedAnother() {
            List<Quote> a = generate(42, 50_000, 1_000, 1.0);
            assertThat(generate(42, 50_000, 1_000, 1.0)).isEqualTo(a);
            assertThat(generate(43, 50_000, 1_000, 1.0)).isNotEqualTo(a);
        }
    }

    @Nested
    class Popularity {

        @Test
        void aFewSymbolsTickFarMoreOftenThanMost() {
            int[] counts = new int[UNIVERSE.size()];
            Map<String, Integer> rank = new HashMap<>();
            for (int i = 0; i < UNIVERSE.size(); i++) {
                rank.put(UNIVERSE.profiles().get(i).symbol(), i);
            }
            int n = 200_000;
            run(UNIVERSE, 3, n, 1_000, 1.0, q -> counts[rank.get(q.symbol())]++);

            int[] sorted = counts.clone();
            Arrays.sort(sorted);
            int median = sorted[sorted.length / 2];
            // Zipf with exponent 1 over 185 symbols: the first takes ~17 %, the first ten ~50 %.
            assertThat(counts[0]).isGreaterThan(n / 8).isGreaterThan(20 * median);
            assertThat(Arrays.stream(counts, 0, 10).sum()).isGreaterThan(2 * n / 5);
            assertThat(counts[0]).isGreaterThan(counts[9]).isGreaterThan(counts[99]);

            int[] flat = new int[UNIVERSE.size()];
            run(UNIVERSE, 3, n, 1_000, 0.0, q -> flat[rank.get(q.symbol())]++);
            assertThat(Arrays.stream(flat).max().orElseThrow()).isLessThan(2 * n / UNIVERSE.size());
        }
    }

    @Nested
    class Volatility {

        /** One quote a simulated minute. */
        static final double RATE = 1.0 / 60;
        /** Log returns over a simulated hour... */
        static final int SAMPLE_EVERY = 60;
        /** ...for 5,000 hours. */
        static final int QUOTES = 300_000;

        /** The realised variance of the log mid, per simulated second, of {@code symbol} alone. */
        static double variancePerSecond(String symbol) {
            SymbolProfile p = SymbolUniverseTest.profile(symbol);
            QuoteGenerator g = new QuoteGenerator(List.of(p), RATE, 1.0, 17, 1);
            double sumSq = 0;
            double lastMid = 0;
            for (int i = 0; i < QUOTES; i++) {
                Quote q = g.next(TS + i);
                if (i % SAMPLE_EVERY == 0) {
                    double mid = (q.bid() + q.ask()) / 2;
                    if (i > 0) {
                        double r = Math.log(mid / lastMid);
                        sumSq += r * r;
                    }
                    lastMid = mid;
                }
            }
            return sumSq / ((QUOTES - SAMPLE_EVERY) / RATE);
        }

        @Test
        void eachKindMovesWithItsVolatilityOverItsOwnTradingHours() {
            for (String symbol : List.of("AAPL", "SPY", "EUR/USD", "USD/JPY", "BTC-USD", "DOGE-USD", "SHIB-USD",
                    "ESZ6", "CLF7", "ZNZ6")) {
                SymbolProfile p = SymbolUniverseTest.profile(symbol);
                double annualised = Math.sqrt(variancePerSecond(symbol) * p.venue().secondsPerYear());
                assertThat(annualised).as(symbol).isCloseTo(p.volatility(), Percentage.withPercentage(15));
            }
        }

        @Test
        void aDayOfACurrencyPairMovesFarLessThanADayOfACoin() {
            double day = 24 * 3600;
            double eurUsd = Math.sqrt(variancePerSecond("EUR/USD") * day);
            double btc = Math.sqrt(variancePerSecond("BTC-USD") * day);
            // Real days: EUR/USD moves about 0.4 %, BTC about 3 %.
            assertThat(eurUsd).isBetween(0.002, 0.008);
            assertThat(btc).isBetween(0.015, 0.06);
            assertThat(btc).isGreaterThan(4 * eurUsd);
        }
    }
}
