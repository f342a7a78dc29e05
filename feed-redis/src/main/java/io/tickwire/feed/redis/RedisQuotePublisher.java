package io.tickwire.feed.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
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
import io.tickwire.feed.Instrument;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes quotes into a cluster (PROTOCOL.md §7) the way any program may: defines its
 * instruments with {@code FCALL tickwire_define}, and hands quotes to {@code FCALL tickwire_publish}
 * in batches, which stamps their seqs and appends each batch as one stream entry. Redis's answer is
 * the truth: a refused batch is published not at all.
 *
 * <p>It keeps going through Redis outages: while Redis cannot be reached a few calls wait for the
 * connection and the rest fail at once, counted (nothing else queues up in this process); once
 * Redis is back, a library or instruments that Redis lost with its data are loaded and defined again
 * before a refused call is tried once more. A call that was in flight when the connection broke
 * may be sent again: its quotes are then published twice, under new seqs, which for quotes (state,
 * not events) changes nothing a client sees.
 *
 * <p>Through Redis Sentinel ({@link Sentinels}) the connection finds the primary again after a
 * failover by itself: each reconnect asks the sentinels where it is now. With
 * {@link WaitForReplicas} a call is acknowledged only once {@code WAIT} reports enough replicas
 * holding it (else it fails with {@link NotReplicatedException}); a {@code WAIT} that had to be
 * sent again on a new connection (which would say nothing about the call) counts as not enough.
 */
public final class RedisQuotePublisher implements AutoCloseable {

    /** The precision of a symbol this publisher did not define: an equity's, as Redis reads one announced by name. */
    private static final Instrument EQUITY = Instrument.equity("EQUITY", "EQUITY");
    /** Calls that may wait for a connection being made again. */
    static final int QUEUED_CALLS = 64;

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisReactiveCommands<String, String> redis;
    private final long streamMaxLen;
    /** What this publisher defined, by symbol: the precision its quotes are written at, and what it defines again. */
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final WaitForReplicas waitFor;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unreplicated = new AtomicLong();
    /** Times the connection was lost: a WAIT answered after one does not speak for the call before it. */
    private final AtomicLong disconnects = new AtomicLong();

    /**
     * Connects to {@code uri} (Redis must be up now). The connection reconnects by itself, every
     * 50 ms to 2 s; meanwhile at most {@value #QUEUED_CALLS} calls wait for it, then calls fail at
     * once, and a call that waits longer than 10 s fails too.
     */
    public RedisQuotePublisher(RedisURI uri, long streamMaxLen) {
        this(uri, streamMaxLen, WaitForReplicas.NONE);
    }

    /**
     * As {@link #RedisQuotePublisher(RedisURI, long)}, each call acknowledged as {@code waitFor}
     * says; a call then waits up to 10 s plus {@link WaitForReplicas#timeout()}.
     */
    public RedisQuotePublisher(RedisURI uri, long streamMaxLen, WaitForReplicas waitFor) {
        this.streamMaxLen = streamMaxLen;
        this.waitFor = waitFor;
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .requestQueueSize(QUEUED_CALLS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(10).plus(waitFor.timeout())))
                .build());
        // Called on the connection's thread as the link goes, before any command is sent again on a new one.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                disconnects.incrementAndGet();
            }
        });
        this.connection = client.connect(StringCodec.UTF8);
        this.redis = connection.reactive();
    }

    /** Loads the Function library and sets the stream's retention. */
    public Mono<Void> install() {
        return FunctionLibrary.install(redis, streamMaxLen);
    }

    /**
     * Defines {@code instruments} ({@code FCALL tickwire_define}): every gateway carries them at
     * their precision before any quote published after. They are defined again if Redis loses them.
     */
    public Mono<Void> define(List<Instrument> instruments) {
        if (instruments.isEmpty()) {
            return Mono.empty();
        }
        instruments.forEach(i -> this.instruments.put(i.symbol(), i));
        return defineAll(instruments);
    }

    private Mono<Void> defineAll(Collection<Instrument> all) {
        return defineJson(all.stream().map(InstrumentCodec::json).toList()).then();
    }

    /**
     * {@code FCALL tickwire_define} with these §1a objects as they are: for a program that passes
     * on what its own users wrote (the gateway's {@code POST /api/instruments}). Redis checks them;
     * its refusal ({@code BADINSTRUMENT instrument <i> (…): …}) is the error. The result: how many.
     */
    public Mono<Long> defineJson(List<String> instruments) {
        String[] args = instruments.toArray(String[]::new);
        Flux<Long> call = Flux.defer(() -> redis.<Long>fcall(FunctionLibrary.DEFINE, ScriptOutputType.INTEGER,
                new String[0], args));
        return FunctionLibrary.withLibrary(call, install()).next().flatMap(n -> replicated(n, List.of()));
    }

    /**
     * {@code FCALL tickwire_publish} with these quote objects as they are (§7's form: §1's object
     * without {@code type} and {@code seq}), for a program that passes on what its own users wrote
     * (the gateway's {@code POST /api/publish}). Redis checks them at their instruments' precision;
     * its refusal ({@code BADQUOTE quote <i> (…): …}) is the error. The result: the seqs assigned.
     */
    public Mono<List<Long>> publishJson(List<String> quotes) {
        return call(quotes.toArray(String[]::new), quotes.size(), null);
    }

    /** The call; where Redis knows a symbol no longer, {@code redefine} and the call once more (if not null). */
    private Mono<List<Long>> call(String[] payloads, int count, Mono<Void> redefine) {
        // The reply is one array: Lettuce passes it on as one List.
        Flux<List<Long>> call = Flux.defer(() -> redis.<List<Long>>fcall(FunctionLibrary.PUBLISH,
                ScriptOutputType.MULTI, new String[0], payloads));
        Flux<List<Long>> installed = FunctionLibrary.withLibrary(call, install());
        if (redefine != null) {
            installed = installed.onErrorResume(RedisQuotePublisher::unknownSymbol, e -> redefine.thenMany(call));
        }
        return installed.next()
                .flatMap(seqs -> replicated(seqs, seqs))
                .doOnNext(seqs -> published.addAndGet(seqs.size()))
                .doOnError(e -> (e instanceof NotReplicatedException ? unreplicated : failed).addAndGet(count));
    }

    /**
     * {@code result}, once {@code WAIT} says enough replicas hold what this connection wrote, when
     * calls wait for replicas; else a {@link NotReplicatedException}. Called on the connection's
     * thread as the call's reply arrives, so a disconnect after it is seen.
     */
    private <T> Mono<T> replicated(T result, List<Long> seqs) {
        if (!waitFor.waits()) {
            return Mono.just(result);
        }
        long link = disconnects.get();
        return redis.waitForReplication(waitFor.replicas(), waitFor.timeout().toMillis()).flatMap(n -> {
            if (n >= waitFor.replicas() && disconnects.get() == link) {
                return Mono.just(result);
            }
            // A WAIT sent again after a reconnect counts this connection's writes since then, none of the call's.
            return Mono.error(disconnects.get() == link ? new NotReplicatedException(seqs, n, waitFor)
                    : new NotReplicatedException(seqs, waitFor));
        });
    }

    /**
     * Publishes {@code quotes} in one call; their {@code seq}s are ignored, Redis stamps new ones,
     * which the result gives in order. Each quote is written at its instrument's precision (an
     * equity's for a symbol this publisher has not defined). Fails with Redis's error (nothing
     * published) if one is refused; if Redis no longer knows a symbol (it lost its data), this
     * publisher's instruments are defined again and the call made once more. With
     * {@link WaitForReplicas}, a call too few replicas acknowledged in time fails with
     * {@link NotReplicatedException} (its quotes are published on the primary nonetheless).
     */
    public Mono<List<Long>> publish(List<Quote> quotes) {
        // Deferred: a quote that cannot be written (not at its instrument's precision) fails the call, counted.
        return Mono.defer(() -> {
            String[] payloads = new String[quotes.size()];
            for (int i = 0; i < payloads.length; i++) {
                Quote q = quotes.get(i);
                payloads[i] = QuoteCodec.payload(q, instruments.getOrDefault(q.symbol(), EQUITY));
            }
            return call(payloads, payloads.length, Mono.defer(this::redefine));
        }).doOnError(IllegalArgumentException.class, e -> failed.addAndGet(quotes.size()));
    }

    private static boolean unknownSymbol(Throwable e) {
        return e instanceof RedisCommandExecutionException && e.getMessage() != null
                && e.getMessage().contains("unknown symbol");
    }

    private Mono<Void> redefine() {
        List<Instrument> all = List.copyOf(instruments.values());
        return all.isEmpty() ? Mono.empty() : defineAll(all);
    }

    /** Quotes Redis accepted so far (with {@link WaitForReplicas}: and enough replicas acknowledged). */
    public long published() {
        return published.get();
    }

    /** Quotes in calls that failed (refused, or Redis unreachable) so far. */
    public long failed() {
        return failed.get();
    }

    /**
     * Quotes the primary took but too few replicas acknowledged in time ({@link NotReplicatedException}),
     * so far; always 0 without {@link WaitForReplicas}.
     */
    public long unreplicated() {
        return unreplicated.get();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
