package io.tickwire.feed;

import java.util.List;
import reactor.core.publisher.Flux;

/**
 * A source of level-1 quotes over a known set of symbols.
 *
 * <p>This is the only thing the gateway knows of where quotes come from: the in-process
 * {@link FeedSimulator} today, a Redis Pub/Sub subscription shared by several gateway nodes
 * later. Implementations stamp every quote with a {@code seq} that is strictly increasing across
 * the whole feed and identical on every node that sees the quote.
 */
public interface QuoteFeed {

    /** The symbols this feed carries, most active first. Fixed for the life of the feed. */
    List<SymbolInfo> symbols();

    /**
     * The quotes, in {@code seq} order.
     *
     * <p>The gateway subscribes exactly once and requests an unbounded amount. Whether a second
     * subscription sees the same stream is up to the implementation and documented there.
     */
    Flux<Quote> quotes();
}
