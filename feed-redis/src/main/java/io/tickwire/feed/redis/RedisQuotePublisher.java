package io.tickwire.feed.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.tickwire.feed.Quote;
import io.tickwire.feed.SymbolInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes quotes into a cluster (PROTOCOL.md §7) the way any program may: announces its symbols
 * with {@code HSET tickwire:symbols}, and hands quotes to {@code FCALL tickwire_publish} in batches,
 * which stamps their seqs. Redis's answer is the truth: a refused batch is published not at all.
 *
 * <p>It keeps going through Redis outages: while Redis cannot be reached a few calls wait for the
 * connection and the rest fail at once, counted (nothing else queues up in this process); once
 * Redis is back, a library or symbols that Redis lost with its data are loaded and announced again
 * before a refused call is tried once more. A call that was in flight when the connection broke
 * may be sent again: its quotes are then published twice, under new seqs, which for quotes (state,
 * not events) changes nothing a client sees.
 */
public final class RedisQuotePublisher implements AutoCloseable {

    /** Calls that may wait for a connection being made again. */
    static final int QUEUED_CALLS = 64;

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final long streamMaxLen;
    private final Map<String, String> symbols = new LinkedHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * Connects to {@code uri} (Redis must be up now). The connection reconnects by itself, every
     * 50 ms to 2 s; meanwhile at most {@value #QUEUED_CALLS} calls wait for it, then calls fail at
     * once, and a call that waits longer than 10 s fails too.
     */
    public RedisQuotePublisher(RedisURI uri, long streamMaxLen) {
        this.streamMaxLen = streamMaxLen;
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .requestQueueSize(QUEUED_CALLS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(10)))
                .build());
        this.connection = client.connect(StringCodec.UTF8);
        this.redis = connection.reactive();
    }

    /** Loads the Function library and sets the stream's retention. */
    public Mono<Void> install() {
        return FunctionLibrary.install(redis, streamMaxLen);
    }

    /** Announces {@code announced} ({@code HSET tickwire:symbols}); they are announced again if Redis loses them. */
    public Mono<Void> announce(List<SymbolInfo> announced) {
        Map<String, String> batch = new LinkedHashMap<>();
        announced.forEach(s -> batch.put(s.symbol(), s.name()));
        synchronized (symbols) {
            symbols.putAll(batch);
        }
        return batch.isEmpty() ? Mono.empty() : redis.hset(RedisKeys.SYMBOLS, batch).then();
    }

    /**
     * Publishes {@code quotes} in one call; their {@code seq}s are ignored, Redis stamps new ones,
     * which the result gives in order. Fails with Redis's error (nothing published) if one is refused.
     */
    public Mono<List<Long>> publish(List<Quote> quotes) {
        String[] payloads = quotes.stream().map(QuoteCodec::payload).toArray(String[]::new);
        // The reply is one array: Lettuce passes it on as one List.
        Flux<List<Long>> call = Flux.defer(() -> redis.<List<Long>>fcall(FunctionLibrary.PUBLISH,
                ScriptOutputType.MULTI, new String[0], payloads));
        return FunctionLibrary.withLibrary(call, install())
                .onErrorResume(RedisQuotePublisher::unknownSymbol, e -> reannounce().thenMany(call))
                .next()
                .doOnNext(seqs -> published.addAndGet(seqs.size()))
                .doOnError(e -> failed.addAndGet(quotes.size()));
    }

    private static boolean unknownSymbol(Throwable e) {
        return e instanceof RedisCommandExecutionException && e.getMessage() != null
                && e.getMessage().contains("unknown symbol");
    }

    private Mono<Void> reannounce() {
        Map<String, String> all;
        synchronized (symbols) {
            all = new LinkedHashMap<>(symbols);
        }
        return all.isEmpty() ? Mono.empty() : redis.hset(RedisKeys.SYMBOLS, all).then();
    }

    /** Quotes Redis accepted so far. */
    public long published() {
        return published.get();
    }

    /** Quotes in calls that failed (refused, or Redis unreachable) so far. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
