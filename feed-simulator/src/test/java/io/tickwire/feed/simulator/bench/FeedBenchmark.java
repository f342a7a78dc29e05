package io.tickwire.feed.simulator.bench;

import io.tickwire.feed.simulator.FeedConfig;
import io.tickwire.feed.simulator.FeedSimulator;
import io.tickwire.feed.simulator.QuoteGenerator;
import io.tickwire.feed.simulator.SymbolUniverse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * How fast the simulator can go: the generator flat out on one thread, then the paced
 * {@link FeedSimulator} at rising target rates, reporting the rate it delivered and what it
 * skipped for falling behind. Prints figures; asserts nothing.
 *
 * <p>{@code mvn -q -Pfeed-bench -pl feed-simulator verify} (system properties
 * {@code bench.seconds}, {@code bench.symbols}, {@code bench.rates} override the defaults).
 */
public final class FeedBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        SymbolUniverse universe = SymbolUniverse.parse(System.getProperty("bench.symbols", ""));
        String[] rates = System.getProperty("bench.rates", "100000,200000,400000,800000,1600000").split(",");

        System.out.printf("Feed benchmark: %d symbols, %d s per point, %s, %d cores%n", universe.size(), seconds,
                Runtime.version(), Runtime.getRuntime().availableProcessors());

        // Flat out: what one thread can make when nothing paces it.
        QuoteGenerator generator = new QuoteGenerator(universe.profiles(), 1_000_000, 1.0, 1, 1);
        long sink = 0;
        long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < warmEnd) {
            sink += generator.next(1).seq();
        }
        long n = 0;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                sink += generator.next(1).volume();
            }
            n += 1_000;
        }
        double flatOut = n / ((System.nanoTime() - start) / 1e9);
        System.out.printf("generator, flat out: %,.0f quotes/s (%.0f ns/quote)  [%d]%n", flatOut, 1e9 / flatOut,
                sink & 1);

        System.out.printf("%12s %14s %10s %12s%n", "target/s", "delivered/s", "ratio", "skipped");
        for (String r : rates) {
            double target = Double.parseDouble(r.trim());
            FeedSimulator sim = new FeedSimulator(FeedConfig.of(1).withUniverse(universe).withRate(target));
            AtomicLong count = new AtomicLong();
            Disposable d = sim.quotes().subscribe(q -> count.incrementAndGet());
            Thread.sleep(2_000); // warm-up, outside the measured window
            long c0 = count.get();
            long s0 = sim.skippedQuotes();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            long delivered = count.get() - c0;
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long skipped = sim.skippedQuotes() - s0;
            d.dispose();
            sim.dispose();
            System.out.printf("%,12.0f %,14.0f %10.3f %,12d%n", target, delivered / elapsed,
                    delivered / elapsed / target, skipped);
        }
    }
}
