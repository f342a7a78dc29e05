package io.tickwire.gateway.publish;

import io.tickwire.feed.FeedEvent;
import io.tickwire.feed.FeedSnapshot;
import io.tickwire.feed.Instrument;
import io.tickwire.feed.InstrumentsDefined;
import io.tickwire.feed.Quote;
import io.tickwire.feed.QuoteFeed;
import io.tickwire.feed.Timestamps;
import io.tickwire.gateway.publish.PublishedJson.Item;
import io.tickwire.gateway.wire.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * The feed of a single node fed by its users over HTTP ({@code tickwire.feed.source=http},
 * PROTOCOL.md §8): no simulator, no Redis. It holds the instruments they defined and the latest
 * quote of each symbol, checks every quote against its instrument, and stamps the seqs:
 * {@code seq} = the larger of (the previous + 1) and this node's clock in microseconds, consecutive
 * within a request, so a cursor never goes back, not across a restart either.
 *
 * <p>A request is taken whole under one lock: checked, stamped, and handed to the hub on the
 * publishing thread before the next request begins, so quotes reach subscribers in seq order and
 * the answer comes after every subscriber was offered them. What it holds is bounded by the
 * instruments defined (one quote each); a request by {@link PublishHandler}'s limits.
 *
 * <p>Instruments and quotes live in this process only: after a restart, publishers define their
 * instruments again before their quotes (a request for an unknown symbol says so).
 */
public final class PublishedFeed implements QuoteFeed, QuoteSink {

    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    private final Map<String, Quote> latest = new LinkedHashMap<>();
    private long lastSeq;
    /** The hub, once it has subscribed; emitted to under this feed's lock. */
    private FluxSink<FeedEvent> subscriber;

    @Override
    public synchronized List<Instrument> instruments() {
        return List.copyOf(instruments.values());
    }

    /**
     * Everything defined and published so far as one {@link FeedSnapshot}, then each request's
     * events as it is taken. One subscriber at a time (the hub): a new one replaces the old.
     */
    @Override
    public Flux<FeedEvent> events() {
        return Flux.create(sink -> {
            synchronized (this) {
                sink.next(new FeedSnapshot(List.copyOf(instruments.values()), List.copyOf(latest.values()), lastSeq));
                subscriber = sink;
            }
            sink.onDispose(() -> {
                synchronized (this) {
                    if (subscriber == sink) {
                        subscriber = null;
                    }
                }
            });
        }, FluxSink.OverflowStrategy.ERROR);
    }

    @Override
    public Mono<Published> publish(List<Item<Quote>> items) {
        return Mono.fromCallable(() -> take(items));
    }

    @Override
    public Mono<Integer> define(List<Item<Instrument>> items) {
        return Mono.fromCallable(() -> {
            List<Instrument> defined = new ArrayList<>(items.size());
            items.forEach(i -> defined.add(i.value()));
            synchronized (this) {
                defined.forEach(i -> instruments.put(i.symbol(), i));
                emit(new InstrumentsDefined(defined));
            }
            return defined.size();
        });
    }

    private synchronized Published take(List<Item<Quote>> items) {
        for (int i = 0; i < items.size(); i++) {
            Quote q = items.get(i).value();
            Instrument instrument = instruments.get(q.symbol());
            String why = instrument == null ? "unknown symbol (define it with POST /api/instruments)"
                    : instrument.refusal(q);
            if (why != null) {
                throw new PublishRefusedException(ErrorCode.BAD_QUOTE, i, why);
            }
        }
        long first = Math.max(lastSeq + 1, Timestamps.nowMicros());
        for (int i = 0; i < items.size(); i++) {
            Quote q = items.get(i).value().withSeq(first + i);
            latest.put(q.symbol(), q);
            emit(q);
        }
        lastSeq = first + items.size() - 1;
        return new Published(items.size(), first, lastSeq);
    }

    /** Under this feed's lock. */
    private void emit(FeedEvent event) {
        if (subscriber != null) {
            subscriber.next(event);
        }
    }
}
