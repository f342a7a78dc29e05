package io.tickwire.feed.simulator;

import io.tickwire.feed.Quote;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Symbols;
import io.tickwire.feed.Timestamps;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuoteGeneratorTest {

    private static final long TS = 1_763_712_000_000_000L;
    private static final SymbolUniverse UNIVERSE = SymbolUniverse.builtIn();

    private static List<Quote> generate(long seed, int n, double rate, double zipf) {
        QuoteGenerator g = new QuoteGenerator(UNIVERSE.profiles(), rate, zipf, seed, 1);
        List<Quote> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.next(TS + i));
        }
        return out;
    }

    private static boolean onTick(double price) {
        double cents = price * 100;
        return Math.abs(cents - Math.rint(cents)) < 1e-6;
    }

    @Test
    void pricesStayOnTicksWithBidBelowAskAndSizesInRoundLots() {
        for (Quote q : generate(7, 300_000, 1_000, 1.0)) {
            assertThat(q.bid()).as("bid of %s", q).isGreaterThanOrEqualTo(0.01).isLessThan(q.ask());
            assertThat(q.ask() - q.bid()).as("spread of %s", q).isGreaterThanOrEqualTo(0.01 - 1e-9);
            assertThat(onTick(q.bid()) && onTick(q.ask()) && onTick(q.last()) && onTick(q.open()))
                    .as("prices on ticks: %s", q).isTrue();
            assertThat(List.of(q.bidSize(), q.askSize(), q.lastSize()))
                    .as("sizes of %s", q).allMatch(s -> s > 0 && s % 100 == 0);
        }
    }

    @Test
    void seqIsContiguousAndVolumeAndOpenBehavePerSymbol() {
        Map<String, Quote> previous = new HashMap<>();
        long expectedSeq = 1;
        for (Quote q : generate(11, 200_000, 5_000, 1.0)) {
            assertThat(q.seq()).isEqualTo(expectedSeq++);
            Quote p = previous.put(q.symbol(), q);
            if (p != null) {
                assertThat(q.volume()).as("volume of %s", q.symbol()).isGreaterThanOrEqualTo(p.volume());
                assertThat(q.open()).as("open of %s", q.symbol()).isEqualTo(p.open());
                if (q.volume() > p.volume()) {
                    assertThat(q.volume() - p.volume()).isEqualTo(q.lastSize());
                }
            }
        }
        assertThat(previous).hasSize(UNIVERSE.size());
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
            assertThat(List.of(b.symbol(), b.bid(), b.ask(), b.last(), b.volume()))
                    .isEqualTo(List.of(a.symbol(), a.bid(), a.ask(), a.last(), a.volume()));
        }
    }

    @Test
    void sameSeedMakesTheSameMarketAndAnotherSeedAnother() {
        List<Quote> a = generate(42, 50_000, 1_000, 1.0);
        assertThat(generate(42, 50_000, 1_000, 1.0)).isEqualTo(a);
        assertThat(generate(43, 50_000, 1_000, 1.0)).isNotEqualTo(a);
    }

    @Test
    void aFewSymbolsTickFarMoreOftenThanMost() {
        int[] counts = new int[UNIVERSE.size()];
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < UNIVERSE.size(); i++) {
            rank.put(UNIVERSE.profiles().get(i).symbol(), i);
        }
        int n = 200_000;
        generate(3, n, 1_000, 1.0).forEach(q -> counts[rank.get(q.symbol())]++);

        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        int median = sorted[sorted.length / 2];
        // Zipf with exponent 1 over 142 symbols: the first takes ~18 %, the first ten ~53 %.
        assertThat(counts[0]).isGreaterThan(n / 7).isGreaterThan(20 * median);
        assertThat(Arrays.stream(counts, 0, 10).sum()).isGreaterThan(n / 2);
        assertThat(counts[0]).isGreaterThan(counts[9]).isGreaterThan(counts[99]);

        int[] flat = new int[UNIVERSE.size()];
        generate(3, n, 1_000, 0.0).forEach(q -> flat[rank.get(q.symbol())]++);
        assertThat(Arrays.stream(flat).max().orElseThrow()).isLessThan(2 * n / UNIVERSE.size());
    }

    @Test
    void midPriceMovesWithTheSymbolsVolatility() {
        // Realised volatility of the mid, sampled every ~10 simulated seconds, over ~2 simulated hours.
        double rate = 1_000;
        SymbolProfile aapl = UNIVERSE.profiles().stream().filter(p -> p.symbol().equals("AAPL")).findFirst().orElseThrow();
        double sumSq = 0;
        long lastSeq = 0;
        double lastMid = 0;
        int samples = 0;
        for (Quote q : generate(5, 7_200_000, rate, 1.0)) {
            if (!q.symbol().equals("AAPL") || q.seq() - lastSeq < 10_000) {
                continue;
            }
            double mid = (q.bid() + q.ask()) / 2;
            if (lastSeq > 0) {
                double r = Math.log(mid / lastMid);
                sumSq += r * r;
                samples++;
            }
            lastSeq = q.seq();
            lastMid = mid;
        }
        double seconds = 7_200_000 / rate;
        double annualised = Math.sqrt(sumSq / seconds * QuoteGenerator.SECONDS_PER_YEAR);
        assertThat(samples).isGreaterThan(500);
        assertThat(annualised).isCloseTo(aapl.volatility(), org.assertj.core.data.Percentage.withPercentage(15));
    }
}
