package io.tickwire.gateway.publish;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.feed.redis.NotReplicatedException;
import io.tickwire.feed.redis.RedisQuotePublisher;
import io.tickwire.feed.redis.WaitForReplicas;
import io.tickwire.gateway.publish.PublishedJson.Item;
import io.tickwire.gateway.wire.ErrorCode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Quotes and instruments published over HTTP to a cluster node ({@code tickwire.feed.source=redis}),
 * passed on as their publishers wrote them to {@code tickwire_publish} and {@code tickwire_define}
 * (PROTOCOL.md §7), so every node serves them and Redis alone judges them, at the precision of
 * the instruments it holds. Its refusal names the argument at fault, which is the request's item
 * at the same place; Redis that cannot be reached is {@code FEED_UNAVAILABLE}.
 *
 * <p>With {@code tickwire.redis.wait-replicas} ({@link WaitForReplicas}) a request is answered
 * only once {@code WAIT} reports that many replicas holding it, so a failover keeps what was
 * answered 200; too few within the timeout is {@code FEED_UNAVAILABLE} too (503, {@code Retry-After}),
 * though the primary has published it: sent again, it is published again under new seqs.
 *
 * <p>Connects on the first request, not at start: a node starts and serves while its Redis is
 * down, and publishing works once it is back.
 */
public final class RedisQuoteSink implements QuoteSink, AutoCloseable {

    /** {@code BADQUOTE quote 3 (ESZ6): reason}, {@code BADINSTRUMENT instrument 1 (X): reason}. */
    private static final Pattern REFUSAL = Pattern.compile("BAD(?:QUOTE|INSTRUMENT) \\w+ (\\d+) \\([^)]*\\): (.*)",
            Pattern.DOTALL);

    private final RedisURI uri;
    private final long streamMaxLen;
    private final WaitForReplicas waitFor;
    private final Mono<RedisQuotePublisher> publisher;
    private volatile RedisQuotePublisher connected;

    public RedisQuoteSink(RedisURI uri, long streamMaxLen, WaitForReplicas waitFor) {
        this.uri = uri;
        this.streamMaxLen = streamMaxLen;
        this.waitFor = waitFor;
        // Connecting blocks (up to its 2 s timeout): off the event loop, once; tried again after a failure.
        this.publisher = Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
    }

    private synchronized RedisQuotePublisher connect() {
        if (connected == null) {
            connected = new RedisQuotePublisher(uri, streamMaxLen, waitFor);
        }
        return connected;
    }

    @Override
    public Mono<Published> publish(List<Item<Quote>> quotes) {
        List<String> args = quotes.stream().map(Item::json).toList();
        return publisher().flatMap(p -> p.publishJson(args))
                .map(seqs -> new Published(seqs.size(), seqs.get(0), seqs.get(seqs.size() - 1)))
                .onErrorMap(e -> refusal(e, ErrorCode.BAD_QUOTE));
    }

    @Override
    public Mono<Integer> define(List<Item<Instrument>> instruments) {
        List<String> args = instruments.stream().map(Item::json).toList();
        return publisher().flatMap(p -> p.defineJson(args)).map(Long::intValue)
                .onErrorMap(e -> refusal(e, ErrorCode.BAD_INSTRUMENT));
    }

    private Mono<RedisQuotePublisher> publisher() {
        RedisQuotePublisher p = connected;
        return p != null ? Mono.just(p) : publisher;
    }

    /** Redis's refusal of an argument as the request's; anything else as Redis out of reach. */
    private static PublishRefusedException refusal(Throwable e, ErrorCode code) {
        if (e instanceof RedisCommandExecutionException && e.getMessage() != null) {
            Matcher m = REFUSAL.matcher(e.getMessage());
            if (m.find()) {
                return new PublishRefusedException(code, Integer.parseInt(m.group(1)) - 1, m.group(2));
            }
        }
        if (e instanceof NotReplicatedException n) {
            return new PublishRefusedException(ErrorCode.FEED_UNAVAILABLE, -1, "too few of the cluster's Redis "
                    + "replicas hold it (" + n.getMessage() + "): retry; sent again, it is published again under new seqs");
        }
        return new PublishRefusedException(ErrorCode.FEED_UNAVAILABLE, -1,
                "the cluster's Redis cannot take it now (" + e.getClass().getSimpleName() + "): retry");
    }

    @Override
    public void close() {
        RedisQuotePublisher p = connected;
        if (p != null) {
            p.close();
        }
    }
}
