package io.tickwire.feed.simulator;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.redis.RedisFeedSettings;
import io.tickwire.feed.redis.RedisQuotePublisher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The simulator as a publisher of its own: its market, published into a cluster's Redis through
 * {@code tickwire_publish}, exactly as any other publisher would.
 *
 * <pre>
 * java -jar feed-simulator/target/tickwire-feed-simulator.jar --redis=redis://127.0.0.1:6379 --rate=5000
 * </pre>
 *
 * <p>Options, as the gateway's {@code tickwire.feed.*}: {@code --rate} (quotes/s, 1000),
 * {@code --symbols} (blank, a count or a list), {@code --seed}, {@code --zipf-exponent} (1.0); and
 * {@code --stream-max-len} (1000000), {@code --batch} (most quotes in one call, 500),
 * {@code --linger} (ms a call waits for more quotes, 1). It defines the market's instruments
 * first ({@code tickwire_define}). Quotes that fall due within the linger go in one call, up to
 * 4 calls in flight on the connection (Redis runs them in order, so seqs follow the simulator's
 * order); at high rates, larger calls cost Redis less a quote (each call writes each of its
 * symbols' latest once). A call that fails is counted and its quotes dropped:
 * the market moves on, and the next quote of each symbol brings the gateways up to date. Every 10 s
 * a line says what was published, failed, and skipped (fell more than 100 ms behind).
 */
public final class RedisPublisherMain {

    private static final Logger log = LoggerFactory.getLogger(RedisPublisherMain.class);
    private static final int IN_FLIGHT = 4;

    private RedisPublisherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> o = options(args);
        String url = o.get("redis");
        if (url == null) {
            System.err.println("usage: java -jar tickwire-feed-simulator.jar --redis=redis://host:6379 [--rate=1000]"
                    + " [--symbols=…] [--seed=N] [--zipf-exponent=1.0] [--stream-max-len=1000000] [--batch=500]"
                    + " [--linger=1]");
            System.exit(2);
        }
        long seed = o.containsKey("seed") ? Long.parseLong(o.get("seed")) : new SplittableRandom().nextLong();
        SymbolUniverse universe = SymbolUniverse.parse(o.getOrDefault("symbols", ""));
        FeedConfig config = FeedConfig.of(seed).withUniverse(universe)
                .withRate(Double.parseDouble(o.getOrDefault("rate", "1000")))
                .withZipfExponent(Double.parseDouble(o.getOrDefault("zipf-exponent", "1.0")));
        int batch = Integer.parseInt(o.getOrDefault("batch", "500"));
        Duration linger = Duration.ofMillis(Long.parseLong(o.getOrDefault("linger", "1")));
        long maxLen = Long.parseLong(o.getOrDefault("stream-max-len",
                Long.toString(RedisFeedSettings.DEFAULT_STREAM_MAX_LEN)));

        FeedSimulator simulator = new FeedSimulator(config);
        RedisQuotePublisher publisher = new RedisQuotePublisher(RedisURI.create(url), maxLen);
        publisher.install().then(publisher.define(universe.instruments())).block(Duration.ofSeconds(30));
        log.info("Publishing {} symbols at {} quotes/s into {} (seed {})", universe.size(), config.rate(), url, seed);

        Disposable running = publish(simulator, publisher, batch, linger).subscribe();
        Disposable status = Flux.interval(Duration.ofSeconds(10)).subscribe(t -> log.info(
                "published {}, failed {}, skipped {}", publisher.published(), publisher.failed(),
                simulator.skippedQuotes()));
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            status.dispose();
            running.dispose();
            publisher.close();
            simulator.dispose();
            done.countDown();
        }, "tickwire-publisher-shutdown"));
        done.await();
    }

    /** The simulator's quotes, in calls of up to {@code batch}: what fell due within {@code linger} goes together. */
    static Flux<List<Long>> publish(FeedSimulator simulator, RedisQuotePublisher publisher, int batch,
                                    Duration linger) {
        AtomicBoolean failing = new AtomicBoolean();
        return simulator.quotes()
                // Fair: a buffer waits for demand instead of failing; the simulator skips what falls too far behind.
                .bufferTimeout(batch, linger, true)
                .flatMapSequential(quotes -> publisher.publish(quotes)
                        .doOnNext(seqs -> failing.set(false))
                        .onErrorResume(e -> {
                            // Once per outage, not once per call: the status line counts the rest.
                            if (!failing.getAndSet(true)) {
                                log.warn("Publishing failed ({}); dropping quotes until Redis takes them again", e.toString());
                            }
                            return Mono.empty();
                        }), IN_FLIGHT);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + a);
            }
            out.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return out;
    }
}
