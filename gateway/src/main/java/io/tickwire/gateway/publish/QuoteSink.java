package io.tickwire.gateway.publish;

import io.tickwire.feed.Instrument;
import io.tickwire.feed.Quote;
import io.tickwire.gateway.publish.PublishedJson.Item;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where quotes and instruments published over HTTP go (PROTOCOL.md §8): this node's own feed
 * ({@code tickwire.feed.source=http}, {@link PublishedFeed}) or the cluster's Redis
 * ({@code redis}, {@link RedisQuoteSink}). Either takes a request whole or not at all: a refusal
 * is a {@link PublishRefusedException} naming the first bad item, and nothing of the request is
 * published or defined.
 */
public interface QuoteSink {

    /** Publishes the quotes (each read, none with an error) in order; completes with their seqs. */
    Mono<Published> publish(List<Item<Quote>> quotes);

    /** Defines or changes the instruments (each read, none with an error); completes with how many. */
    Mono<Integer> define(List<Item<Instrument>> instruments);

    /**
     * What a request published.
     *
     * @param count    how many quotes
     * @param firstSeq the seq of the first (the seqs of one request are consecutive)
     * @param lastSeq  the seq of the last
     */
    record Published(int count, long firstSeq, long lastSeq) {
    }
}
