package io.tickwire.feed.simulator;

import io.lettuce.core.RedisURI;
import io.tickwire.feed.redis.NotReplicatedException;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.feed.redis.Sentinels;
import io.tickwire.feed.redis.WaitForReplicas;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
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
 * TICKWIRE_REDIS=redis://127.0.0.1:6379 TICKWIRE_RATE=5000 java -jar feed-simulator/target/tickwire-feed-simulator.jar
 * java -jar feed-simulator/target/tickwire-feed-simulator.jar --help
 * </pre>
 *
 * <p>Its options, their environment variables and defaults are {@link PublisherOptions}'s
 * ({@code --help} lists them); an unknown option or a bad value ends it at once with exit code 2.
 * Where Redis is, one of: {@code --redis} (a Lettuce URI); or {@code --sentinel} and
 * {@code --sentinel-master}, as Spring Boot's {@code spring.data.redis.sentinel.*}, with
 * {@code --password} (and {@code --username}) for the data nodes and {@code --sentinel-password}
 * ({@code --sentinel-username}) for the sentinels. Through Sentinel it finds the new primary by
 * itself after a failover. {@code --wait-replicas} (0) and {@code --wait-timeout} (ms, 1000): a call
 * counts as published only once {@code WAIT} reports that many replicas holding it; the status
 * line counts the rest as unreplicated.
 *
 * <p>It defines the market's instruments first ({@code tickwire_define}). Quotes that fall due
 * within the linger go in one call, up to 4 calls in flight on the connection (Redis runs them in
 * order, so seqs follow the simulator's order); at high rates, larger calls cost Redis less a quote
 * (each call writes each of its symbols' latest once). A call that fails is counted and its quotes
 * dropped: the market moves on, and the next quote of each symbol brings the gateways up to date.
 * Every 10 s a line says what was published, failed, unreplicated, and skipped (fell more than
 * 100 ms behind). At start it tries Redis until it answers (100 ms, doubling up to 5 s); once
 * running, its connection reconnects by itself (50 ms up to 2 s), so it never exits because Redis
 * went away.
 */
@Command(name = "tickwire-publisher", mixinStandardHelpOptions = true, versionProvider = RedisPublisherMain.Version.class,
        sortOptions = false, showDefaultValues = true, usageHelpAutoWidth = true,
        description = {"Publishes the simulator's market into a Tickwire cluster's Redis (tickwire_publish).",
                "Give Redis with --redis, or Redis Sentinel with --sentinel and --sentinel-master.",
                "Every option may also be set by the environment variable shown under it; the command line wins.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:--help, --version", "1:an error", "2:an unknown option or a bad value: nothing started"},
        footer = {"", "It runs until stopped (SIGTERM, Ctrl-C), and waits for Redis when Redis is not there."})
public final class RedisPublisherMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RedisPublisherMain.class);
    private static final int IN_FLIGHT = 4;

    @Mixin
    PublisherOptions options;

    RedisPublisherMain() {
    }

    public static void main(String[] args) {
        int exit = PublisherOptions.commandLine(new RedisPublisherMain(), System.getenv()).execute(args);
        // 0 returns normally: after a SIGTERM the JVM is already exiting, and System.exit would block for ever.
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** Publishes until the process is told to stop (its shutdown hook closes the connection). */
    @Override
    public Integer call() throws InterruptedException {
        RedisURI uri = options.redisUri();
        WaitForReplicas waitFor = options.waitFor();
        FeedConfig config = options.feedConfig();
        int batch = options.batch();
        Duration linger = options.linger();
        long maxLen = options.streamMaxLen();

        FeedSimulator simulator = new FeedSimulator(config);
        RedisQuotePublisher publisher = start(uri, maxLen, waitFor, config.universe());
        log.info("Publishing {} symbols at {} quotes/s into Redis at {} (seed {}{})", config.universe().size(),
                config.rate(), Sentinels.describe(uri), config.seed(), waitFor.waits() ? ", each call held by "
                        + waitFor.replicas() + " replica(s) within " + waitFor.timeout().toMillis() + " ms" : "");

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
        return 0;
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

    /** {@code --version}: the jar's version (its manifest's Implementation-Version). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RedisPublisherMain.class.getPackage().getImplementationVersion();
            return new String[] {"tickwire-publisher " + (v != null ? v : "(not run from its jar: version unknown)")};
        }
    }
}
