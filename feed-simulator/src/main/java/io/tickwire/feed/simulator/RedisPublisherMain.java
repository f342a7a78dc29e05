package io.tickwire.feed.simulator;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.redis.RedisFeedSettings;
import io.tickwire.feed.redis.NotReplicatedException;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.feed.redis.Sentinels;
import io.tickwire.feed.redis.WaitForReplicas;
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
import reactor.util.retry.Retry;

/**
 * The simulator as a publisher of its own: its market, published into a cluster's Redis through
 * {@code tickwire_publish}, exactly as any other publisher would.
 *
 * <pre>
 * java -jar feed-simulator/target/tickwire-feed-simulator.jar --redis=redis://127.0.0.1:6379 --rate=5000
 * java -jar feed-simulator/target/tickwire-feed-simulator.jar --sentinel=127.0.0.1:26379,127.0.0.1:26380 \
 *     --sentinel-master=tickwire --wait-replicas=1
 * </pre>
 *
 * <p>Where Redis is, one of: {@code --redis} (a Lettuce URI, password included:
 * {@code redis://:secret@host:6379}); or {@code --sentinel} ({@code host:port,host:port}) and
 * {@code --sentinel-master} (the name the sentinels watch), as Spring Boot's
 * {@code spring.data.redis.sentinel.*}, with {@code --password} (and {@code --username}) for the
 * data nodes and {@code --sentinel-password} ({@code --sentinel-username}) for the sentinels.
 * Through Sentinel it finds the new primary by itself after a failover. {@code --wait-replicas}
 * (0) and {@code --wait-timeout} (ms, 1000): a call counts as published only once {@code WAIT}
 * reports that many replicas holding it; the status line counts the rest as unreplicated.
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
 * a line says what was published, failed, unreplicated, and skipped (fell more than 100 ms behind).
 * At start it tries Redis until it answers (100 ms, doubling up to 5 s); once running, its
 * connection reconnects by itself (50 ms up to 2 s), so it never exits because Redis went away.
 */
public final class RedisPublisherMain {

    private static final Logger log = LoggerFactory.getLogger(RedisPublisherMain.class);
    private static final int IN_FLIGHT = 4;

    private RedisPublisherMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> o = options(args);
        if (o.containsKey("redis") == o.containsKey("sentinel")) {
            System.err.println("usage: java -jar tickwire-feed-simulator.jar (--redis=redis://host:6379 |"
                    + " --sentinel=host:26379,host:26380 --sentinel-master=name [--password=…] [--username=…]"
                    + " [--sentinel-password=…] [--sentinel-username=…]) [--wait-replicas=0] [--wait-timeout=1000]"
                    + " [--rate=1000] [--symbols=…] [--seed=N] [--zipf-exponent=1.0] [--stream-max-len=1000000]"
                    + " [--batch=500] [--linger=1]");
            System.exit(2);
        }
        RedisURI uri;
        WaitForReplicas waitFor;
        try {
            uri = uri(o);
            waitFor = new WaitForReplicas(Integer.parseInt(o.getOrDefault("wait-replicas", "0")),
                    Duration.ofMillis(Long.parseLong(o.getOrDefault("wait-timeout", "1000"))));
        }
        catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
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
        RedisQuotePublisher publisher = start(uri, maxLen, waitFor, universe);
        log.info("Publishing {} symbols at {} quotes/s into Redis at {} (seed {}{})", universe.size(), config.rate(),
                Sentinels.describe(uri), seed, waitFor.waits() ? ", each call held by " + waitFor.replicas()
                        + " replica(s) within " + waitFor.timeout().toMillis() + " ms" : "");

        Disposable running = publish(simulator, publisher, batch, linger).subscribe();
        Disposable status = Flux.interval(Duration.ofSeconds(10)).subscribe(t -> log.info(
                "published {}, failed {}, unreplicated {}, skipped {}", publisher.published(), publisher.failed(),
                publisher.unreplicated(), simulator.skippedQuotes()));
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

    /** Where Redis is: {@code --redis}, or {@code --sentinel} and {@code --sentinel-master} with their credentials. */
    static RedisURI uri(Map<String, String> o) {
        if (!o.containsKey("sentinel")) {
            return RedisURI.create(o.get("redis"));
        }
        RedisURI.Builder b = Sentinels.primary(o.get("sentinel-master"), Sentinels.nodes(o.get("sentinel")),
                o.get("sentinel-username"), o.get("sentinel-password"));
        String password = o.get("password");
        if (password != null && !password.isEmpty()) {
            b = o.containsKey("username") ? b.withAuthentication(o.get("username"), password.toCharArray())
                    : b.withPassword(password.toCharArray());
        }
        return b.build();
    }

    /** A publisher with the library loaded and the market's instruments defined: tried until Redis answers. */
    private static RedisQuotePublisher start(RedisURI uri, long maxLen, WaitForReplicas waitFor,
                                             SymbolUniverse universe) {
        return Mono.fromCallable(() -> {
            RedisQuotePublisher p = new RedisQuotePublisher(uri, maxLen, waitFor);
            try {
                p.install().then(p.define(universe.instruments())).block(Duration.ofSeconds(30));
                return p;
            }
            catch (RuntimeException e) {
                p.close();
                throw e;
            }
        }).retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(r -> log.warn("Redis at {} does not take the publisher yet ({}); trying again",
                        Sentinels.describe(uri), r.failure().toString()))).block();
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
                                if (e instanceof NotReplicatedException) {
                                    log.warn("Published, but not acknowledged ({}): counted as unreplicated until "
                                            + "enough replicas hold the calls again", e.getMessage());
                                }
                                else {
                                    log.warn("Publishing failed ({}); dropping quotes until Redis takes them again",
                                            e.toString());
                                }
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
