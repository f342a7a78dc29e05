package io.tickwire.feed.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.Instrument;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The feed a gateway node follows in a cluster: the quotes and instruments every publisher put
 * into Redis through {@code tickwire_publish} and {@code tickwire_define} (PROTOCOL.md §7).
 *
 * <p>{@link #events()} starts with a {@link io.tickwire.feed.FeedSnapshot} read atomically by
 * {@code tickwire_snapshot} (every instrument, the latest quote of each, and the stream position),
 * then follows the stream with {@code XREAD BLOCK} from that position on a connection of its own,
 * so no quote is missed or repeated. An entry holds one call: its quotes, or the instruments it
 * defined (passed on as {@link io.tickwire.feed.InstrumentsDefined}, in stream order, so a new
 * precision arrives before the quotes that need it). Symbols announced by name
 * ({@code HSET tickwire:symbols}) are looked for every {@link RedisFeedSettings#symbolsInterval()},
 * and at once ahead of the first quote of a symbol not seen before.
 *
 * <p><b>Backpressure.</b> One {@code XREAD} asks for about {@link RedisFeedSettings#readCount()}
 * quotes' worth of entries (by the size of the entries the last one returned), and the next is
 * sent only once the subscriber has taken them: at most two reads wait between Redis and the
 * subscriber, which is called on one thread of its own ({@code tickwire-redis-feed}). A read holds
 * at most {@code readCount} entries of at most 10,000 quotes each.
 *
 * <p><b>Failures.</b> When Redis cannot be reached or a command fails, the connections are dropped
 * and made again with exponential backoff, and reading continues from the last entry read: nothing
 * is lost while the stream still holds it. Every entry names the entry before it, so an entry that
 * does not follow on from the last one read means entries were trimmed before they were read,
 * Redis came back empty, or it failed over to a replica that missed writes: the feed then reads a
 * new snapshot, which the hub uses to bring every symbol up to date, and goes on from its
 * position. {@link #stats()} counts all this. Through Redis Sentinel ({@link Sentinels}) every
 * reconnect asks the sentinels where the primary is, so after a failover the feed follows the
 * promoted replica by itself.
 */
public final class RedisQuoteFeed implements QuoteFeed, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisQuoteFeed.class);

    private final RedisClient client;
    private final RedisURI uri;
    private final RedisFeedSettings settings;
    private final Scheduler scheduler = Schedulers.newSingle("tickwire-redis-feed", true);
    private final RedisFeedStats stats = new RedisFeedStats();

    /**
     * A feed on its own client: reconnecting is this feed's business (with its backoff), so the
     * client does not reconnect by itself, and a command waits no longer than a read's block plus
     * five seconds.
     */
    public RedisQuoteFeed(RedisURI uri, RedisFeedSettings settings) {
        this.uri = uri;
        this.settings = settings;
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.block().plusSeconds(5)))
                .build());
    }

    /** None before the snapshot: every instrument comes with it, or is defined later. */
    @Override
    public List<Instrument> instruments() {
        return List.of();
    }

    @Override
    public Flux<FeedEvent> events() {
        return Flux.defer(() -> {
            StreamFollower follower = new StreamFollower(settings, stats);
            return Flux.usingWhen(connect(), follower::follow, this::closeAll)
                    .doOnError(e -> {
                        stats.disconnected();
                        log.warn("Redis feed: {}; reconnecting from seq {}", e.toString(), follower.cursor());
                    })
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, settings.minBackoff()).maxBackoff(settings.maxBackoff())
                            .doBeforeRetry(r -> stats.reconnecting()));
        })
                .publishOn(scheduler, 1)
                .flatMapIterable(events -> events, 1);
    }

    /** Counters for meters and health. */
    public RedisFeedStats stats() {
        return stats;
    }

    /** Two connections: one for commands, one for the blocking reads of the stream. */
    private Mono<Connections> connect() {
        return Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri))
                .zipWith(Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri)))
                .map(t -> new Connections(t.getT1(), t.getT2()));
    }

    private Mono<Void> closeAll(Connections c) {
        return Mono.fromCompletionStage(c.commands().closeAsync())
                .then(Mono.fromCompletionStage(c.stream().closeAsync()));
    }

    /** Closes the client and the feed's thread. */
    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        scheduler.dispose();
    }

    record Connections(StatefulRedisConnection<String, String> commands,
                       StatefulRedisConnection<String, String> stream) {
    }
}
